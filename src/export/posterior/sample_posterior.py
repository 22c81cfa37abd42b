#!/usr/bin/env python3
"""Draw samples from a blora posterior and reproduce the run's Bayesian-averaged probabilities.

Needs numpy only (no torch, no safetensors package, no blora code). Inputs:
  posterior.safetensors   this folder: the posterior (SWAG moments or Laplace factors), the frozen
                          LoRA-XS factors A and B, the trained head, and a JSON header (metadata).
  --model DIR             the base model folder the run was trained on (config.json, model.safetensors).
  --inputs tokens.json    {"input_ids": [[...], ...], "attention_mask": [[...]], "token_type_ids": [[...]]}
                          (the tokenizer's output for the examples, e.g. tokenizer(texts, truncation=True,
                          max_length=<the run's max length>) with transformers; right padding).
Prints JSON {"probs": [[p_0, ..., p_C-1], ...]} (or writes it to --out): for a SWAG posterior (B-LoRA-XS,
SWAG-LoRA) the average over the run's S samples of θ; for a Laplace posterior (L-LoRA-XS) the linearized
predictive with the run's S logit draws per example. Both use the run's own random numbers (Philox4x32-10).

The formulas follow METHOD.md (the blora-playground method spec); the lines are marked with their sections.
"""
import argparse
import json
import math
import struct

import numpy as np


def read_safetensors(path):
    """A tiny safetensors reader: 8-byte little-endian header length, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}
    tensors = {}
    for name, t in header.items():
        if t["dtype"] == "BF16":  # bf16 = the high half of an f32
            u16 = np.frombuffer(raw[8 + n + t["data_offsets"][0] : 8 + n + t["data_offsets"][1]], dtype="<u2")
            tensors[name] = (u16.astype(np.uint32) << 16).view(np.float32).reshape(t["shape"])
            continue
        a, b = t["data_offsets"]
        tensors[name] = np.frombuffer(raw[8 + n + a : 8 + n + b], dtype=np.dtype(dtypes[t["dtype"]]).newbyteorder("<")).reshape(t["shape"])
    return tensors, meta


# --- Philox4x32-10 (Salmon et al., 2011), as src/rng/philox.ts: the run's random numbers, bit for bit ---
MASK32 = np.uint64(0xFFFFFFFF)


def philox4x32(counter, k0, k1):
    """Blocks counter = [c, 0, 0, 0] with key (k0, k1): returns 4 uint32 words per counter, [n, 4]."""
    x0, x1, x2, x3 = counter.astype(np.uint64), *(np.zeros(len(counter), np.uint64) for _ in range(3))
    key0, key1 = k0 & 0xFFFFFFFF, k1 & 0xFFFFFFFF
    for _ in range(10):
        p0 = np.uint64(0xD2511F53) * x0  # 32 x 32 -> 64 bits: exact in uint64
        p1 = np.uint64(0xCD9E8D57) * x2
        x0, x1, x2, x3 = (p1 >> np.uint64(32)) ^ x1 ^ np.uint64(key0), p1 & MASK32, (p0 >> np.uint64(32)) ^ x3 ^ np.uint64(key1), p0 & MASK32
        key0, key1 = (key0 + 0x9E3779B9) & 0xFFFFFFFF, (key1 + 0xBB67AE85) & 0xFFFFFFFF
    return np.stack([x0, x1, x2, x3], axis=1)


def philox_normal(seed, stream, n):
    """Standard normals 0 … n−1 of (seed, stream): Box–Muller on the word pairs (w0, w1), (w2, w3) of block j // 4."""
    w = philox4x32(np.arange((n + 3) // 4), seed, stream)
    out = np.empty((len(w), 4))
    for a in (0, 2):
        u1 = ((w[:, a] >> np.uint64(8)).astype(np.float64) + 1) * 2.0**-24
        u2 = (w[:, a + 1] >> np.uint64(8)).astype(np.float64) * 2.0**-24
        rho = np.sqrt(-2 * np.log(u1))
        out[:, a], out[:, a + 1] = rho * np.cos(2 * np.pi * u2), rho * np.sin(2 * np.pi * u2)
    return out.reshape(-1)[:n].astype(np.float32)  # the run keeps its normals in f32


# --- SWAG (METHOD.md §3): θ̃ = θ_SWA + √c (σ ⊙ z₁ + Dᵀ z₂ / √(K − 1)) ---
def swag_sample(t, post, index):
    """Sample `index` of the run: z₁ = N(seed, stream 2·index), z₂ = N(seed, stream 2·index + 1), z₂[k] pairs with ring slot k."""
    mean, c = t["swag.mean"].astype(np.float64), post["c"]
    if c == 0:
        return t["swag.mean"].copy()
    D = t["swag.deviations"].astype(np.float64)  # [rows, P], oldest first
    rows, K, P = D.shape[0], post["K"], mean.shape[0]
    sigma = np.sqrt(np.maximum(t["swag.sq_mean"].astype(np.float64) - mean**2, 1e-30))  # diagonal: s − μ² floored
    div = K - 1 if rows > 0 and K - 1 >= 1 else 0  # low-rank divisor K − 1 (left out when < 1)
    z1 = philox_normal(post["sample_seed"], 2 * index, P).astype(np.float64)
    low = np.zeros(P)
    if div > 0:
        z2 = philox_normal(post["sample_seed"], 2 * index + 1, rows).astype(np.float64)
        slots = [(post["ring_start"] + r) % K for r in range(rows)]  # file row r was ring slot (ring_start + r) mod K
        low = (D * z2[slots][:, None]).sum(axis=0) / math.sqrt(div)
    return (mean + math.sqrt(c) * (sigma * z1 + low)).astype(np.float32)  # the run stores θ̃ in f32


# --- The encoder: Hugging Face BertModel (post-LN, erf GELU), with LoRA-XS / LoRA on the adapted linears ---
_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)).astype(np.float64))


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def linear(x, W, name, adapters):
    """x Wᵀ + b, plus the adapter's s · x Aᵀ Rᵀ Bᵀ (LoRA-XS, METHOD.md §1) or s · x Aᵀ Bᵀ (LoRA)."""
    y = x @ W[name + ".weight"].T + W[name + ".bias"]
    ad = adapters.get(name)
    if ad is not None:
        u = x @ ad["A"].T
        if "R" in ad:
            u = u @ ad["R"].T
        y = y + ad["s"] * (u @ ad["B"].T)
    return y


def logits_of(W, cfg, ids, types, adapters, head):
    """One example (its real tokens only) → the classifier's logits."""
    T, H, nh, eps = len(ids), cfg["hidden_size"], cfg["num_attention_heads"], cfg.get("layer_norm_eps", 1e-12)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][np.arange(T)]
    x = x + W["embeddings.token_type_embeddings.weight"][types]
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    dh = H // nh
    for layer in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        q, k, v = (linear(x, W, p + "attention.self." + m, adapters).reshape(T, nh, dh).transpose(1, 0, 2) for m in ("query", "key", "value"))
        s = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
        a = np.exp(s - s.max(-1, keepdims=True))
        ctx = ((a / a.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(T, H)
        x = layer_norm(x + linear(ctx, W, p + "attention.output.dense", adapters), W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
        h = gelu(linear(x, W, p + "intermediate.dense", adapters))
        x = layer_norm(x + linear(h, W, p + "output.dense", adapters), W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    pooled = np.tanh(x[0] @ head["pooler.dense.weight"].T + head["pooler.dense.bias"])
    return pooled @ head["classifier.weight"].T + head["classifier.bias"]


# --- Laplace (METHOD.md §8): the linearized predictive z ~ N(z_MAP, J (Λ + δI)⁻¹ Jᵀ) ---
def laplace_probs(t, post, W, cfg, head, examples, S, h=1e-3):
    """J = ∂z/∂θ at θ_MAP by central differences (f64; the run backpropagates it), S logit draws per example."""
    theta = np.concatenate([t[m["name"] + ".lora_R"].astype(np.float64).reshape(-1) for m in post["layout"]])
    ggn, delta = t["laplace.ggn"].astype(np.float64), post["prior_precision"]
    C = len(post["label_names"])
    out = np.zeros((len(examples), C))
    for k, (ids, types) in enumerate(examples):
        z = logits_of(W, cfg, ids, types, adapters_at(t, post, theta), head)
        J = np.zeros((C, len(theta)))
        for i in range(len(theta)):
            up, down = theta.copy(), theta.copy()
            up[i] += h
            down[i] -= h
            J[:, i] = (logits_of(W, cfg, ids, types, adapters_at(t, post, up), head) - logits_of(W, cfg, ids, types, adapters_at(t, post, down), head)) / (2 * h)
        if post["structure"] == "diag":
            cov = (J / (ggn + delta)) @ J.T
        else:
            cov = J @ np.linalg.solve(ggn + delta * np.eye(len(theta)), J.T)
        L = np.linalg.cholesky(cov + 1e-12 * np.eye(C))  # the run's jitter
        eps = philox_normal(post["sample_seed"], k, S * C).astype(np.float64).reshape(S, C)  # stream = the example's index
        out[k] = softmax(z + eps @ L.T).mean(axis=0)
    return out


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def load_base(model_dir):
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    raw, _ = read_safetensors(f"{model_dir}/model.safetensors")
    # Checkpoints saved from BertFor* carry a "bert." prefix; the encoder's own names are used here.
    W = {k[len("bert.") :] if k.startswith("bert.") else k: v.astype(np.float64) for k, v in raw.items()}
    return cfg, W


def adapters_at(t, post, theta):
    """θ (the posterior's flat vector) → each adapted module's factors, by the layout in the metadata."""
    out = {}
    for m in post["layout"]:
        engine = m["module"]  # BertModel name, e.g. encoder.layer.0.attention.self.query
        ad = {"s": post["scale"], "A": t[m["name"] + ".lora_A"].astype(np.float64), "B": t[m["name"] + ".lora_B"].astype(np.float64)}
        for key, (off, shape) in m["theta"].items():  # "R" (LoRA-XS) or "A" and "B" (LoRA)
            ad[key] = theta[off : off + int(np.prod(shape))].astype(np.float64).reshape(shape)
        out[engine] = ad
    return out


def swag_probs(t, post, W, cfg, head, examples, S):
    probs = np.zeros((len(examples), len(post["label_names"])))
    # METHOD.md §4: the Bayesian model average p = (1/S) Σ_s softmax(z(θ̃_s)), the same S samples for every example.
    for s in range(S):
        ads = adapters_at(t, post, swag_sample(t, post, s))
        for i, (ids, types) in enumerate(examples):
            probs[i] += softmax(logits_of(W, cfg, ids, types, ads, head)) / S
    return probs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posterior", default="posterior.safetensors")
    ap.add_argument("--model", required=True, help="the base model folder (config.json, model.safetensors)")
    ap.add_argument("--inputs", required=True, help="tokens.json: input_ids (and attention_mask, token_type_ids)")
    ap.add_argument("--S", type=int, help="samples (default: the run's S)")
    ap.add_argument("--out", help="write the probabilities here instead of printing them")
    args = ap.parse_args()
    t, meta = read_safetensors(args.posterior)
    post = json.loads(meta["posterior"])
    if post["family"] != "bert":
        raise SystemExit(f"sample_posterior.py runs the BERT encoder; this posterior was trained on a {post['family']} model")
    if post.get("redraw_per_batch"):
        raise SystemExit("the run redrew its samples per batch; this script draws one set of S samples for all examples")
    cfg, W = load_base(args.model)
    head = {name: t[hf].astype(np.float64) for name, hf in post["head"].items()}
    with open(args.inputs) as f:
        inputs = json.load(f)
    S = args.S or post["S"]
    examples = []
    for i, ids in enumerate(inputs["input_ids"]):
        mask = inputs.get("attention_mask", [[1] * len(ids)])[i]
        types = inputs.get("token_type_ids", [[0] * len(ids)])[i]
        keep = [j for j, m in enumerate(mask) if m]
        examples.append((np.array([ids[j] for j in keep]), np.array([types[j] for j in keep])))
    if post["method"] == "laplace":
        probs = laplace_probs(t, post, W, cfg, head, examples, S)
    else:
        probs = swag_probs(t, post, W, cfg, head, examples, S)
    text = json.dumps({"label_names": post["label_names"], "S": S, "probs": probs.tolist()})
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
