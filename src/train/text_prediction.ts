// Try a sentence (issue 26): one text predicted by every finished run the page names, each run's
// predictor rebuilt from its stored tensors (methods/trainers/restored_run.ts) and kept while the backend
// and model stay. A test example named by its place in the run's test split is predicted at that
// place (its batch number, sample streams and, for MC dropout, its whole evaluation batch), so its
// numbers are the run's own stored test predictions.
import type { Backend } from '../engine/backend';
import { EVAL_BATCH, tokenizeSplit } from '../methods/common/batches';
import { restoreRun, RunNotRestorable, type RestoredRun } from '../methods/trainers/restored_run';
import type { ModelBundle } from '../methods/common/types';
import type { TextPredictionAnswer, TextPredictionRequest, TextPredictionRun } from './protocol';

/** Rebuilt runs kept between requests. */
export const MAX_HELD = 4;

interface Held {
  restored: RestoredRun;
  be: Backend;
  modelId: string;
}

/** Release a rebuilt run; its backend may be gone (a lost device), and then its tensors are too. */
function release(h: Held): void {
  try {
    h.restored.release();
  } catch {
    // nothing left to free
  }
}

const empty = () => ({ ids: [], typeIds: [], labels: new Int32Array(0) });

export class TextPredictor {
  private readonly held = new Map<string, Held>();

  /** Drop every rebuilt run (a new backend or model makes them stale). */
  clear(): void {
    for (const h of this.held.values()) release(h);
    this.held.clear();
  }

  private restored(be: Backend, model: ModelBundle, run: TextPredictionRun): RestoredRun {
    const h = this.held.get(run.runId);
    if (h && h.be === be && h.modelId === model.id) return h.restored;
    if (h) {
      release(h);
      this.held.delete(run.runId);
    }
    const restored = restoreRun(
      {
        be,
        model,
        method: run.method,
        options: { maxLength: run.maxLength, evalEverySteps: 0 },
        data: { train: empty(), validation: empty(), test: empty(), ood: empty(), nClasses: run.nClasses },
        hooks: { progress: () => {}, checkpoint: async () => {} },
      },
      run.adapters,
    );
    this.held.set(run.runId, { restored, be, modelId: model.id });
    return restored;
  }

  /** Runs no longer named by the page are released. */
  private keepOnly(runIds: Set<string>): void {
    for (const [id, h] of this.held)
      if (!runIds.has(id)) {
        release(h);
        this.held.delete(id);
      }
  }

  async predict(be: Backend, model: ModelBundle, req: TextPredictionRequest): Promise<TextPredictionAnswer[]> {
    this.keepOnly(new Set(req.runs.map((r) => r.runId)));
    const out: TextPredictionAnswer[] = [];
    for (const run of req.runs) {
      try {
        out.push(await this.predictOne(be, model, run, req));
      } catch (e) {
        const why = e instanceof RunNotRestorable ? `this run cannot predict new text: ${e.message}` : `prediction failed: ${(e as Error).message}`;
        out.push({ runId: run.runId, error: why });
      }
      // Each rebuilt run holds its own copy of the base weights (on the GPU too): past MAX_HELD they are rebuilt per request.
      const h = this.held.get(run.runId);
      if (h && this.held.size > MAX_HELD) {
        release(h);
        this.held.delete(run.runId);
      }
    }
    return out;
  }

  private async predictOne(be: Backend, model: ModelBundle, run: TextPredictionRun, req: TextPredictionRequest): Promise<TextPredictionAnswer> {
    const restored = this.restored(be, model, run);
    const C = run.nClasses;
    const ex = run.example;
    const text = { text: req.text, ...(req.textPair !== undefined ? { textPair: req.textPair } : {}), label: 0 };
    // A test example at its place; MC dropout needs the rows of its whole evaluation batch.
    const firstBatch = ex ? Math.floor(ex.index / EVAL_BATCH) : 0;
    const rows = ex && restored.needsBatch ? ex.batch : [text];
    const row = ex && restored.needsBatch ? ex.index - firstBatch * EVAL_BATCH : 0;
    if (ex && restored.needsBatch && (rows[row]?.text !== req.text || (rows[row]?.textPair ?? undefined) !== req.textPair))
      throw new Error(`test example ${ex.index} is not the text asked about`);
    const split = tokenizeSplit(model.tokenizer, rows, run.maxLength);
    const at = restored.needsBatch ? { firstBatch, firstIndex: firstBatch * EVAL_BATCH } : { firstBatch, firstIndex: ex?.index ?? 0 };
    const p = await restored.predict(split, at);
    const n = rows.length,
      S = p.samples;
    const samples = new Float32Array(S * C);
    for (let s = 0; s < S; s++) samples.set(p.sampleProbs.subarray((s * n + row) * C, (s * n + row + 1) * C), s * C);
    return {
      runId: run.runId,
      probs: p.probs.slice(row * C, (row + 1) * C),
      entropy: p.entropy[row],
      expectedEntropy: p.expectedEntropy[row],
      mutualInfo: p.mutualInfo[row],
      samples,
      S,
      tokens: split.ids[row].length,
    };
  }
}
