#!/usr/bin/env python3
"""Writes public/bench/matmul.onnx: one MatMul node, C[M, N] = A[M, K] @ B[K, N], f32, with
symbolic dims so a single file serves every benchmark size. Used by bench.html to time
onnxruntime-web's webgpu MatMul against our kernel (docs/benchmarks.md).

Run with Debian's python3-onnx:  /usr/bin/python3 tools/bench/make_matmul_onnx.py
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

OPSET = 17
IR_VERSION = 8  # what onnxruntime-web 1.30 reads without complaint


def build() -> onnx.ModelProto:
    a = helper.make_tensor_value_info('A', TensorProto.FLOAT, ['M', 'K'])
    b = helper.make_tensor_value_info('B', TensorProto.FLOAT, ['K', 'N'])
    c = helper.make_tensor_value_info('C', TensorProto.FLOAT, ['M', 'N'])
    node = helper.make_node('MatMul', ['A', 'B'], ['C'], name='matmul')
    graph = helper.make_graph([node], 'matmul_bench', [a, b], [c])
    model = helper.make_model(graph, producer_name='blora-bench', opset_imports=[helper.make_opsetid('', OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def main() -> int:
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    out = os.path.normpath(os.path.join(root, 'public', 'bench', 'matmul.onnx'))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    onnx.save(build(), out)
    print(f'wrote {out} ({os.path.getsize(out)} bytes)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
