"""Applies an exported PEFT LoRA adapter to its base model the way PEFT loads it, and compares the
logits of the family's *ForSequenceClassification (BERT, RoBERTa, XLM-R, DistilBERT; tools/export/family_forward.py)
with the engine's (src/export/peft_roundtrip.test.ts, family_peft_roundtrip.test.ts, src/cli/export.test.ts).

PEFT's rules for a LORA adapter_config.json + adapter_model.safetensors (huggingface/peft,
utils/save_and_load.py and tuners/lora): keys are `base_model.model.<module>.lora_A.weight` /
`.lora_B.weight` for every module in target_modules (full module paths of the seq-cls model:
`bert.encoder.layer.N.…`, `roberta.encoder.layer.N.…`), the update is
W += (lora_alpha / r) · lora_B @ lora_A; modules_to_save are saved whole as
`base_model.model.<module path>.<param>` (get_peft_model_state_dict drops the wrapper's
`modules_to_save.<adapter>`) and replace the base module's parameters. A key PEFT would not load
(no such module in the model), or a saved module missing one of its parameters (PEFT would keep the
base model's), is an error here, not a warning.

The base checkpoint is loaded as from_pretrained loads it into the seq-cls class (family_forward.py:
the encoder prefix added where missing, other heads dropped, a missing head NaN), in float64.

Run: /usr/bin/python3 tools/export/peft_roundtrip.py --base DIR --adapter DIR --case case.json
case.json: {"input_ids": [[…]], "token_type_ids": [[…]], "attention_mask": [[…]], "logits": [[…]]}, or "probs"
instead of "logits" (a run record's predictive probabilities, src/cli/export.test.ts): compared after a softmax.
Prints one JSON line: {"maxAbs": …, "relErr": …, "loraModules": n, "savedModules": [...]} (maxAbs of the
probabilities when the case gives probs).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from family_forward import forward, read_checkpoint, read_safetensors, seq_cls_weights  # noqa: E402


def module_root(name, module):
    """The wrapped module's path in a saved name: classifier.dense.weight → classifier, bert.pooler.dense.bias → bert.pooler."""
    i = 0 if name.startswith(module + '.') else name.index('.' + module + '.') + 1
    return name[:i + len(module)]


def apply_peft(weights, adapter_dir):
    cfg = json.load(open(os.path.join(adapter_dir, 'adapter_config.json')))
    assert cfg['peft_type'] == 'LORA', cfg['peft_type']
    sd = read_safetensors(os.path.join(adapter_dir, 'adapter_model.safetensors'))
    scaling = cfg['lora_alpha'] / cfg['r']
    prefix = 'base_model.model.'
    used = set()
    for module in cfg['target_modules']:
        a, b = f'{prefix}{module}.lora_A.weight', f'{prefix}{module}.lora_B.weight'
        if f'{module}.weight' not in weights:
            raise SystemExit(f'target module {module} is not in the model')
        if a not in sd or b not in sd:
            raise SystemExit(f'missing adapter keys for {module}: PEFT would leave it unchanged')
        weights[f'{module}.weight'] = weights[f'{module}.weight'] + scaling * (sd[b] @ sd[a])
        used.update([a, b])
    for module in cfg.get('modules_to_save') or []:
        # PEFT wraps every module whose name ends with the entry (e.g. "pooler" → bert.pooler).
        keys = [k for k in sd if k.startswith(prefix) and (k[len(prefix):].startswith(module + '.') or ('.' + module + '.') in k)]
        if not keys:
            raise SystemExit(f'modules_to_save names {module} but the adapter has no tensors for it')
        names = {k[len(prefix):] for k in keys}
        for k in keys:
            name = k[len(prefix):]
            if name not in weights:
                raise SystemExit(f'{k}: no parameter {name} in the model')
            weights[name] = sd[k]
            used.add(k)
        roots = {module_root(n, module) for n in names}
        kept = [n for n in weights if any(n.startswith(r + '.') for r in roots) and n not in names]
        if kept:
            raise SystemExit(f'modules_to_save {module}: the adapter lacks {kept[:3]}; PEFT would keep the base model\'s')
    unused = sorted(set(sd) - used)
    if unused:
        raise SystemExit(f'adapter keys PEFT would not load: {unused[:5]}')
    return weights, len(cfg['target_modules']), cfg.get('modules_to_save') or []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--base', required=True)
    ap.add_argument('--adapter', required=True)
    ap.add_argument('--case', required=True)
    args = ap.parse_args()
    cfg = json.load(open(os.path.join(args.base, 'config.json')))
    case = json.load(open(args.case))
    key = 'logits' if 'logits' in case else 'probs'
    weights = seq_cls_weights(read_checkpoint(args.base), cfg, len(case[key][0]))
    weights, n_lora, saved = apply_peft(weights, args.adapter)
    t = lambda k: torch.tensor(case[k], dtype=torch.int64)
    logits, _ = forward(weights, cfg, t('input_ids'), t('token_type_ids'), t('attention_mask'))
    ref = torch.tensor(case[key], dtype=torch.float64)
    if key == 'probs':
        logits = torch.softmax(logits, dim=-1)
    max_abs = float((logits - ref).abs().max())
    print(json.dumps({'maxAbs': max_abs, 'relErr': max_abs / max(float(ref.abs().max()), 1e-6), 'loraModules': n_lora, 'savedModules': saved}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
