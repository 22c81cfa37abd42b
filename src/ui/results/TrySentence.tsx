// Try a sentence (issue 26): type a text (or pick a test example) and every finished run of the
// loaded model predicts it in the training worker: class probabilities, the entropy split into
// aleatoric and epistemic parts, and the S sampled predictions as a strip of dots. Requests go
// ~300 ms after the last keystroke (at once while a run trains: the worker answers when it ends);
// answers to older requests are dropped (text_prediction_call.ts).
import { useEffect, useRef, useState } from 'react';
import type { TextPredictionAnswer } from '../../train/protocol';
import type { LiveRun } from '../runtime/lab_store';
import { useLab } from '../runtime/lab_store';
import { runPayload } from '../runtime/run_payloads';
import { TextPredictionCall, type TextCallState } from '../run/text_prediction_call';
import { METHOD_CATALOG } from '../../methods/config';
import { isPicked, pickExample, requestRuns, sentenceRuns, storedProbs, stripValues, type PickedExample } from './try_sentence';
import type { DatasetPayload } from '../../train/protocol';

const DEBOUNCE_MS = 300;

export interface TrySentenceProps {
  runs: LiveRun[];
  labelOf: (r: LiveRun) => string | undefined;
  colorOf: (runId: string) => string;
}

const TIPS = {
  entropy: 'Predictive entropy H(p̄) of the averaged probabilities: all the uncertainty of the prediction (nats; ln C at most).',
  aleatoric: 'Aleatoric part: the expected entropy (1/S) Σ H(p_s), the uncertainty each sampled model has by itself (an ambiguous text).',
  epistemic:
    'Epistemic part: the mutual information H(p̄) − (1/S) Σ H(p_s), how much the S sampled models disagree (what more data would reduce). 0 for a single model.',
};

export function TrySentence(p: TrySentenceProps) {
  const modelId = useLab((s) => s.model?.id);
  const asked = sentenceRuns(p.runs, modelId);
  const askedKey = asked.map((r) => r.runId).join(',');
  const [text, setText] = useState('');
  const [pair, setPair] = useState('');
  const [picked, setPicked] = useState<PickedExample | null>(null);
  const [state, setState] = useState<TextCallState | null>(null);
  // The last answer stays on screen while the next is computed; it names the text it answers.
  const [shown, setShown] = useState<{ runs: TextPredictionAnswer[]; text: string; pair?: string } | null>(null);
  const askedText = useRef<{ text: string; pair?: string }>({ text: '' });
  const [data, setData] = useState<{ hash: string; payload: DatasetPayload } | null>(null);
  const call = useRef<TextPredictionCall | null>(null);
  useEffect(() => {
    const c = new TextPredictionCall((st) => {
      setState(st);
      if (st.kind === 'answer') setShown({ runs: st.runs, ...askedText.current });
    });
    call.current = c;
    return () => c.dispose();
  }, []);
  // Test examples come from the data set the newest run trained on (its own test split, stored with it).
  const hash = [...asked].reverse().find((r) => r.inputs?.datasetHash)?.inputs?.datasetHash;
  useEffect(() => {
    let live = true;
    if (hash) void runPayload(hash).then((payload) => live && setData(payload ? { hash, payload } : null));
    else setData(null);
    return () => {
      live = false;
    };
  }, [hash]);
  const pairs = !!data?.payload.test.some((r) => r.textPair !== undefined);
  const pairArg = pairs ? pair : undefined;
  // While a run trains, the page's timers can lag by tens of seconds (measured: a 300 ms setTimeout
  // fired after 34 s during a CPU run), so requests go at once: the worker keeps only the newest.
  // On the CPU backend the worker reads messages only between runs, so the page says itself that the request waits.
  const training = useLab((s) => Object.values(s.runs).find((r) => r.status === 'running')?.runId);
  const latest = useRef({ asked, picked, training });
  latest.current = { asked, picked, training };
  useEffect(() => {
    if (!text.trim() || !askedKey) {
      setState(null);
      setShown(null);
      return;
    }
    const send = () => {
      const { asked: runs, picked: ex } = latest.current;
      askedText.current = { text, pair: pairArg };
      call.current?.ask(text, pairArg, requestRuns(runs, ex, text, pairArg), latest.current.training);
    };
    if (latest.current.training) return send();
    const t = setTimeout(send, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, pairArg, askedKey]);

  if (asked.length === 0) return null;
  const verbatim = isPicked(picked, text, pairArg) ? picked : null;
  const answers = new Map<string, TextPredictionAnswer>((shown?.runs ?? []).map((a) => [a.runId, a]));
  // The stored test prediction is shown beside an answer only when that answer is of the picked example.
  const answered = shown && isPicked(picked, shown.text, shown.pair) ? picked : null;
  const pick = () => {
    if (!data || data.payload.test.length === 0) return;
    const ex = pickExample(data.hash, data.payload, Math.floor(Math.random() * data.payload.test.length));
    setPicked(ex);
    setText(ex.row.text);
    setPair(ex.row.textPair ?? '');
  };
  const waitingFor = state?.kind === 'waiting' ? p.runs.find((r) => r.runId === state.runId) : undefined;
  return (
    <section className="stack" aria-labelledby="try-h" data-testid="try-sentence">
      <h3 id="try-h" style={{ margin: 0 }}>
        Try a sentence
      </h3>
      <p className="small muted" style={{ margin: 0 }}>
        Every finished run of this model predicts your text in the training worker, with its own samples (SWAG draws, dropout masks, Laplace logit draws,
        ensemble members).
      </p>
      <div className="row">
        <textarea
          aria-label="Text to classify"
          data-testid="try-text"
          rows={2}
          style={{ flex: 1 }}
          value={text}
          placeholder="Type a sentence…"
          onChange={(e) => setText(e.target.value)}
        />
        {pairs && (
          <textarea
            aria-label="Second text (pair)"
            data-testid="try-pair"
            rows={2}
            style={{ flex: 1 }}
            value={pair}
            placeholder="Second text of the pair…"
            onChange={(e) => setPair(e.target.value)}
          />
        )}
        <button type="button" data-testid="try-pick" onClick={pick} disabled={!data || data.payload.test.length === 0}>
          Pick a test example
        </button>
      </div>
      {verbatim && (
        <p className="small" data-testid="try-example" data-index={verbatim.index} data-label={verbatim.row.label} style={{ margin: 0 }}>
          Test example #{verbatim.index + 1} of {data?.payload.name ?? 'the data set'}; true label: <strong>{verbatim.labelName}</strong>
        </p>
      )}
      {!data && hash && (
        <p className="small muted" style={{ margin: 0 }}>
          The runs' data set is no longer stored in this browser: no test examples to pick.
        </p>
      )}
      <p className="small muted" data-testid="try-status" role="status" style={{ margin: 0 }}>
        {state?.kind === 'computing' && 'Predicting…'}
        {state?.kind === 'waiting' && `Waiting for the run in progress${waitingFor ? ` (${p.labelOf(waitingFor) ?? waitingFor.runId})` : ''} to finish.`}
        {state?.kind === 'error' && `Prediction failed: ${state.message}`}
      </p>
      {shown && (
        <div className="stack" data-testid="try-answers" data-text={shown.text} style={{ gap: 6 }}>
          <p className="small muted" data-testid="try-glossary" style={{ margin: 0 }}>
            <b>Entropy</b> = <b>aleatoric</b> + <b>epistemic</b>. {TIPS.aleatoric} {TIPS.epistemic} Each dot is one sample's probability.
          </p>
          {asked.map((r) => (
            <RunAnswer key={r.runId} run={r} label={p.labelOf(r) ?? r.runId} color={p.colorOf(r.runId)} answer={answers.get(r.runId)} picked={answered} />
          ))}
        </div>
      )}
    </section>
  );
}

function RunAnswer({
  run,
  label,
  color,
  answer,
  picked,
}: {
  run: LiveRun;
  label: string;
  color: string;
  answer?: TextPredictionAnswer;
  picked: PickedExample | null;
}) {
  if (!answer) return null;
  if ('error' in answer)
    return (
      <div className="warning-box small" data-testid="try-run" data-run-id={run.runId} data-error={answer.error}>
        {label}: {answer.error}
      </div>
    );
  const C = answer.probs.length;
  const names = run.result?.dataset?.labelNames ?? run.data?.labelNames ?? [];
  const strip = stripValues(answer.samples, answer.S, answer.probs);
  const stored = storedProbs(run, picked);
  const single = answer.S === 1;
  return (
    <div
      className="stack"
      data-testid="try-run"
      data-run-id={run.runId}
      data-probs={JSON.stringify(Array.from(answer.probs))}
      data-entropy={answer.entropy}
      data-expected-entropy={answer.expectedEntropy}
      data-mi={answer.mutualInfo}
      data-samples={answer.S}
      style={{ borderLeft: `3px solid ${color}`, paddingLeft: 8, gap: 2 }}
    >
      <div className="small">
        <strong style={{ color }}>{label}</strong> <span className="muted">· {METHOD_CATALOG[run.method.kind].label}</span>
      </div>
      {Array.from({ length: C }, (_, c) => (
        <div key={c} className="row small" style={{ gap: 6 }} data-testid="try-class">
          <span style={{ width: 90, overflow: 'hidden', textOverflow: 'ellipsis' }}>{names[c] ?? `class ${c}`}</span>
          <span style={{ flex: 1, maxWidth: 240, height: 10, background: 'var(--grid, #ddd)', position: 'relative' }}>
            <span style={{ position: 'absolute', inset: 0, width: `${answer.probs[c] * 100}%`, background: color }} />
          </span>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{answer.probs[c].toFixed(4)}</span>
        </div>
      ))}
      <div className="small" data-testid="try-numbers">
        <span title={TIPS.entropy}>entropy {fmt(answer.entropy)}</span> = <span title={TIPS.aleatoric}>aleatoric {fmt(answer.expectedEntropy)}</span> +{' '}
        <span title={TIPS.epistemic}>epistemic (MI) {fmt(answer.mutualInfo)}</span>
        {single && <span className="muted"> · one model: MI = 0</span>}
      </div>
      <SampleStrip values={strip.values} color={color} what={`P(${names[strip.cls] ?? `class ${strip.cls}`})`} />
      {stored && (
        <div className="small muted" data-testid="try-stored" data-probs={JSON.stringify(stored)}>
          The run's stored test prediction of this example: {stored.map((v) => v.toFixed(4)).join(' / ')}
        </div>
      )}
    </div>
  );
}

const STRIP_W = 240;

/** Four decimals, or two significant digits for small non-zero numbers (a tiny posterior's MI). */
const fmt = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toFixed(4));

function SampleStrip({ values, color, what }: { values: number[]; color: string; what: string }) {
  return (
    <div className="row small" style={{ gap: 6 }}>
      <span className="muted" style={{ width: 130 }}>
        {values.length} sample{values.length > 1 ? 's' : ''}: {what}
      </span>
      <svg width={STRIP_W + 8} height={18} data-testid="sample-strip" data-values={JSON.stringify(values)} role="img" aria-label={`${what} of each sample`}>
        <line x1={4} x2={STRIP_W + 4} y1={9} y2={9} stroke="currentColor" strokeOpacity={0.3} />
        {[0, 0.5, 1].map((t) => (
          <line key={t} x1={4 + t * STRIP_W} x2={4 + t * STRIP_W} y1={4} y2={14} stroke="currentColor" strokeOpacity={0.3} />
        ))}
        {values.map((v, i) => (
          <circle key={i} data-testid="sample-dot" cx={4 + v * STRIP_W} cy={9} r={4} fill={color} fillOpacity={0.6}>
            <title>
              sample {i + 1}: {v.toFixed(4)}
            </title>
          </circle>
        ))}
      </svg>
      <span className="muted">0 · 0.5 · 1</span>
      {values.length > 1 && (
        <span className="muted" data-testid="strip-range">
          {' '}
          range {Math.min(...values).toFixed(4)} – {Math.max(...values).toFixed(4)}
        </span>
      )}
    </div>
  );
}
