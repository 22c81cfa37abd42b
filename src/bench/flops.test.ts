import { describe, expect, it } from 'vitest';
import { backwardFlops, forwardFlops, trainStepFlops, type EncoderShape } from './flops';

// A shape small enough to count by hand: B = 1, T = 2 (N = 2), H = 4, I = 8, one layer, C = 2, r = 1.
const tiny: EncoderShape = {
  batch: 1,
  seqLen: 2,
  hidden: 4,
  intermediate: 8,
  layers: 1,
  numLabels: 2,
  r: 1,
  modules: ['query', 'value', 'attention.output', 'ffn.out'],
};

describe('FLOP counts (hand-counted)', () => {
  it('forward of the reference LoRA-XS placement', () => {
    // query/value/attn-out: x Wᵀ 2·2·4·4 = 64, + x Aᵀ 16 + u Rᵀ 4 + (uRᵀ) Bᵀ 16 = 100 each; key 64;
    // attention 2·(2·2·4·2) = 64; FFN in 2·2·4·8 = 128; FFN out 128 + 32 + 4 + 16 = 180;
    // head: pooler 2·1·4·4 = 32, classifier 2·1·4·2 = 16.
    expect(forwardFlops(tiny)).toBe(100 * 3 + 64 + 64 + 128 + 180 + 48);
  });

  it('backward down to the query/value adapters of layer 0', () => {
    // Head: classifier dW 16 + dx 16, pooler dW 32 + dx 32 = 96.
    // FFN out (dx needed): g = dy B 16, dR 4, dy W 128, g R 4, (gR) A 32 = 184; FFN in dx 128;
    // attention output: 16 + 4 + 64 + 4 + 16 = 104; attention backward 4 · 32 = 128;
    // query and value without dx: 16 + 4 each; key (frozen, no dx needed): 0.
    expect(backwardFlops(tiny)).toBe(96 + 184 + 128 + 104 + 128 + 40);
    expect(trainStepFlops(tiny)).toBe(784 + 680);
  });

  it('stops right after the FFN output when only it is adapted', () => {
    const s: EncoderShape = { ...tiny, modules: ['ffn.out'] };
    expect(forwardFlops(s)).toBe(64 * 4 + 64 + 128 + 180 + 48);
    expect(backwardFlops(s)).toBe(96 + 16 + 4);
  });

  it('scales the attention term with T² and the rest with T', () => {
    const a = forwardFlops({ ...tiny, seqLen: 4 }) - forwardFlops({ ...tiny, seqLen: 2 });
    // Doubling T doubles every token-linear term (784 − 48 − 64 = 672) and quadruples attention (64 → 256).
    expect(a).toBe(672 + 256 - 64);
  });
});
