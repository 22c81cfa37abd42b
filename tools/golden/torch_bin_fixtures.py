"""Write the tiny BERT of src/model/__fixtures__/tiny-bert/ in the other checkpoint formats the
loader reads, plus pickle cases for the restricted unpickler (src/model/torch_pickle.ts):

  __fixtures__/tiny-bert-torch/    config.json, vocab.txt, pytorch_model.bin (torch.save of a
                                   BertForMaskedLM-style model.state_dict(): bert. prefix, an int64
                                   position_ids buffer, _metadata, F16 tensors, one F32 non-contiguous view,
                                   three biases sharing one storage at offsets) - bert-tiny style
  __fixtures__/tiny-bert-sharded/  config.json, vocab.txt, model.safetensors.index.json and two
                                   F16 shards (written by hand: the safetensors package is absent)
  __fixtures__/torch-pickle/       dtypes.bin (zip) and legacy.bin (_use_new_zipfile_serialization
                                   =False) of a few odd tensors with expected.json (torch's values),
                                   malicious.bin: a real torch.save of an object whose __reduce__
                                   calls os.system (it must be refused, never run), nan_weights.bin:
                                   the tiny BERT in BF16 with one NaN in one tensor (refused at load,
                                   naming the tensor: NAN_TENSOR at NAN_AT)

Every weight is the tiny-bert model.safetensors value, so the loader must give identical tensors.
Run: /usr/bin/python3 tools/golden/torch_bin_fixtures.py (after model_fixtures.py)
"""
import json
import os
import shutil
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, 'src', 'model', '__fixtures__')
TINY = os.path.join(FIX, 'tiny-bert')
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_fixtures import CONFIG, Cfg, TinyBert  # noqa: E402  the tiny BERT's module layout


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == '__metadata__':
            continue
        assert e['dtype'] == 'F16', e['dtype']
        a, b = e['data_offsets']
        out[name] = torch.from_numpy(np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.float16).reshape(e['shape']).copy())
    return out


def write_safetensors(path, tensors):
    header, blobs, off = {'__metadata__': {'format': 'pt'}}, [], 0
    for name, t in tensors.items():
        b = t.numpy().astype(np.float16).tobytes()
        header[name] = {'dtype': 'F16', 'shape': list(t.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
    return off


def fresh(name):
    d = os.path.join(FIX, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for f in ('config.json', 'vocab.txt'):
        shutil.copy(os.path.join(TINY, f), d)
    return d


class ForMaskedLM(nn.Module):
    """The module layout save_pretrained sees: the encoder under bert., a position_ids buffer."""

    def __init__(self):
        super().__init__()
        self.bert = TinyBert(Cfg(CONFIG))
        self.bert.embeddings.register_buffer('position_ids', torch.arange(CONFIG['max_position_embeddings'])[None, :])


def torch_bin(w):
    m = ForMaskedLM().half()
    m.bert.load_state_dict({**w, 'embeddings.position_ids': m.bert.embeddings.position_ids})
    sd = m.state_dict()  # an OrderedDict with _metadata, as torch.save(model.state_dict()) writes it
    assert hasattr(sd, '_metadata')
    # A non-contiguous F32 view (stride (1, 32)): the reader must follow strides.
    q = 'bert.encoder.layer.0.attention.self.query.weight'
    sd[q] = w[q[5:]].float().t().contiguous().t()
    assert not sd[q].is_contiguous()
    # Three biases in one F32 storage at offsets 0, 32, 64.
    names = [f'bert.encoder.layer.1.attention.self.{k}.bias' for k in ('query', 'key', 'value')]
    shared = torch.cat([w[n[5:]].float() for n in names])
    for i, n in enumerate(names):
        sd[n] = shared[32 * i:32 * (i + 1)]
    return sd


NAN_TENSOR = 'bert.encoder.layer.1.attention.output.dense.weight'
NAN_AT = (3, 5)


def nan_weights(w):
    """The tiny BERT's state_dict in BF16 (another dtype than the F16 fixtures) with one NaN."""
    sd = {f'bert.{n}': t.bfloat16() for n, t in w.items()}
    sd[NAN_TENSOR][NAN_AT] = float('nan')
    return sd


def write_nan_weights(w, d):
    torch.save(nan_weights(w), os.path.join(d, 'nan_weights.bin'))


class Pwned:
    def __reduce__(self):
        return (os.system, ('touch PWNED_BY_PICKLE',))


def cases():
    g = torch.Generator().manual_seed(7)
    base = torch.randn(2, 3, 4, generator=g)
    return {
        'f32': torch.randn(3, 2, generator=g),
        'f16': torch.randn(5, generator=g).half(),
        'bf16': torch.randn(2, 2, generator=g).bfloat16(),
        'f64': torch.randn(4, generator=g).double(),
        'i64': torch.arange(6, dtype=torch.long).reshape(2, 3),
        'permuted': base.permute(2, 0, 1),  # shape [4, 2, 3], strides (1, 12, 4)
        'offset_view': base.view(-1)[5:13].view(2, 4),  # shares base's storage at offset 5
        'scalar': torch.tensor(2.5),
        'empty': torch.zeros(0, 3),
        'half_t': torch.randn(3, 2, generator=g).half().t(),
    }


def main():
    w = read_safetensors(os.path.join(TINY, 'model.safetensors'))

    d = fresh('tiny-bert-torch')
    torch.save(torch_bin(w), os.path.join(d, 'pytorch_model.bin'))

    d = fresh('tiny-bert-sharded')
    names = list(w)
    cut = next(i for i, n in enumerate(names) if n.startswith('encoder.layer.1.'))
    shards = {'model-00001-of-00002.safetensors': names[:cut], 'model-00002-of-00002.safetensors': names[cut:]}
    total = sum(write_safetensors(os.path.join(d, f), {n: w[n] for n in ns}) for f, ns in shards.items())
    index = {'metadata': {'total_size': total}, 'weight_map': {n: f for f, ns in shards.items() for n in ns}}
    with open(os.path.join(d, 'model.safetensors.index.json'), 'w') as f:
        json.dump(index, f, indent=2)

    d = os.path.join(FIX, 'torch-pickle')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    c = cases()
    torch.save(c, os.path.join(d, 'dtypes.bin'))
    torch.save(c, os.path.join(d, 'legacy.bin'), _use_new_zipfile_serialization=False)
    expected = {k: {'shape': list(t.shape), 'stride': list(t.stride()), 'offset': t.storage_offset(),
                    'dtype': str(t.dtype), 'data': t.double().flatten().tolist()} for k, t in c.items()}
    with open(os.path.join(d, 'expected.json'), 'w') as f:
        json.dump(expected, f)
    torch.save({'weight': torch.zeros(2), 'payload': Pwned()}, os.path.join(d, 'malicious.bin'))
    write_nan_weights(w, d)

    for sub in ('tiny-bert-torch', 'tiny-bert-sharded', 'torch-pickle'):
        for fn in sorted(os.listdir(os.path.join(FIX, sub))):
            print(sub, fn, os.path.getsize(os.path.join(FIX, sub, fn)))


if __name__ == '__main__':
    main()
