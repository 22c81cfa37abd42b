// The TypeScript metrics against independent numpy values (tools/golden/metrics_golden.py).
import { describe, expect, it } from 'vitest';
import golden from './__fixtures__/metrics_golden.json';
import { ace, aupr, auroc, brier, accuracy, ece, entropy, mce, mcc, mutualInformation, nll, oodScores, reliabilityDiagram, summarize } from './index';
import type { Binning, OodScoreKind } from './types';

const TOL = 1e-6;
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(TOL);

interface Case {
  name: string;
  n: number;
  nClasses: number;
  nSamples: number;
  probs: number[];
  labels: number[];
  sampleProbs: number[];
  oodProbs: number[];
  oodSampleProbs: number[];
  accuracy: number;
  nll: number;
  brier: number;
  mcc: number;
  ece: Record<Binning, Record<string, number>>;
  mce: Record<Binning, Record<string, number>>;
  ace: Record<string, number>;
  counts: Record<Binning, Record<string, number[]>>;
  entropy: number[];
  mutualInfo: number[];
  auroc: Record<OodScoreKind, number>;
  aupr: Record<OodScoreKind, number>;
}
const cases = golden.cases as unknown as Case[];

describe('metrics match numpy golden values', () => {
  it('fixture has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    expect(golden.ranking.length).toBeGreaterThanOrEqual(3);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const probs = Float32Array.from(c.probs);
      const labels = Int32Array.from(c.labels);
      const C = c.nClasses;

      it('accuracy, NLL, Brier, MCC', () => {
        close(accuracy(probs, C, labels), c.accuracy);
        close(nll(probs, C, labels), c.nll);
        close(brier(probs, C, labels), c.brier);
        close(mcc(probs, C, labels), c.mcc);
      });

      it('ECE / MCE / ACE for 10, 15, 20 bins, equal width and equal mass, with identical bin counts', () => {
        for (const binning of ['width', 'mass'] as const) {
          for (const nBins of [10, 15, 20]) {
            close(ece(probs, C, labels, { nBins, binning }), c.ece[binning][nBins]);
            close(mce(probs, C, labels, { nBins, binning }), c.mce[binning][nBins]);
            const bins = reliabilityDiagram(probs, C, labels, { nBins, binning });
            expect(bins.map((b) => b.count)).toEqual(c.counts[binning][nBins]);
            expect(bins.map((b) => b.empty)).toEqual(c.counts[binning][nBins].map((k) => k === 0));
          }
        }
        for (const nBins of [10, 15, 20]) close(ace(probs, C, labels, nBins), c.ace[nBins]);
      });

      it('entropy and mutual information per example', () => {
        const h = entropy(probs, C);
        c.entropy.forEach((v, i) => close(h[i], v));
        const mi = mutualInformation(Float32Array.from(c.sampleProbs), c.nSamples, C);
        c.mutualInfo.forEach((v, i) => close(mi[i], v));
      });

      it('AUROC and AUPR for every OOD score', () => {
        const oodProbs = Float32Array.from(c.oodProbs);
        const miIn = mutualInformation(Float32Array.from(c.sampleProbs), c.nSamples, C);
        const miOod = mutualInformation(Float32Array.from(c.oodSampleProbs), c.nSamples, C);
        for (const kind of ['entropy', 'mi', 'maxprob'] as const) {
          const sIn = oodScores(probs, C, kind, miIn);
          const sOod = oodScores(oodProbs, C, kind, miOod);
          close(auroc(sIn, sOod), c.auroc[kind]);
          close(aupr(sIn, sOod), c.aupr[kind]);
        }
      });

      it('summarize agrees with the golden values', () => {
        const s = summarize(probs, C, labels, {
          nBins: 20,
          binning: 'width',
          oodScore: 'mi',
          samples: { data: Float32Array.from(c.sampleProbs), nSamples: c.nSamples },
          ood: { probs: Float32Array.from(c.oodProbs), samples: { data: Float32Array.from(c.oodSampleProbs), nSamples: c.nSamples } },
        });
        close(s.ece, c.ece.width[20]);
        close(s.mce, c.mce.width[20]);
        close(s.ace, c.ace[20]);
        close(s.nll, c.nll);
        close(s.brier, c.brier);
        close(s.mcc, c.mcc);
        close(s.accuracy, c.accuracy);
        close(s.meanEntropy, c.entropy.reduce((a, b) => a + b, 0) / c.n);
        close(s.meanMutualInfo!, c.mutualInfo.reduce((a, b) => a + b, 0) / c.n);
        close(s.ood!.auroc, c.auroc.mi);
        close(s.ood!.aupr, c.aupr.mi);
        expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(c.n);
      });
    });
  }

  for (const r of golden.ranking) {
    it(`AUROC / AUPR on raw scores: ${r.name}`, () => {
      close(auroc(r.in, r.ood), r.auroc);
      close(aupr(r.in, r.ood), r.aupr);
    });
  }
});
