"""Minimal safetensors writer/reader (format: u64 little-endian header length,
JSON header {name: {dtype, shape, data_offsets}}, then raw little-endian bytes)."""
import json
import struct

import numpy as np
import torch

_DT = {torch.float16: ('F16', np.float16), torch.float32: ('F32', np.float32),
       torch.int64: ('I64', np.int64), torch.int32: ('I32', np.int32)}
_NP = {'F16': np.float16, 'F32': np.float32, 'I64': np.int64, 'I32': np.int32}


def save_file(tensors, path, metadata=None):
    header = {}
    blobs = []
    off = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        code, npdt = _DT[t.dtype]
        b = t.numpy().astype(npdt, copy=False).astype(np.dtype(npdt).newbyteorder('<')).tobytes()
        header[name] = {'dtype': code, 'shape': list(t.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)  # pad so tensor data starts 8-byte aligned
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load_file(path):
    with open(path, 'rb') as f:
        buf = f.read()
    n = struct.unpack('<Q', buf[:8])[0]
    header = json.loads(buf[8:8 + n].decode('utf-8'))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        s, e = info['data_offsets']
        arr = np.frombuffer(buf[base + s:base + e], dtype=np.dtype(_NP[info['dtype']]).newbyteorder('<'))
        out[name] = torch.from_numpy(arr.reshape(info['shape']).astype(_NP[info['dtype']]))
    return out, header.get('__metadata__', {})
