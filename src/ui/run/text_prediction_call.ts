// Try a sentence, the page's side of the worker call: each request gets a growing id, and only the
// newest request's replies are delivered (an older answer that arrives late is dropped).
import type { TextPredictionAnswer, TextPredictionReply, TextPredictionRequest, TextPredictionRun } from '../../train/protocol';
import { listenTextPredictions, sendTextPrediction } from './trainer_controller';

export type TextCallState =
  | { kind: 'computing' }
  /** A run is training: the worker answers when it ends. */
  | { kind: 'waiting'; runId: string }
  | { kind: 'answer'; runs: TextPredictionAnswer[] }
  | { kind: 'error'; message: string };

let nextId = 1;

export class TextPredictionCall {
  private latest = 0;
  private readonly stop: () => void;

  constructor(
    private readonly onState: (s: TextCallState) => void,
    private readonly send: (req: TextPredictionRequest) => boolean = sendTextPrediction,
    listen: (fn: (m: TextPredictionReply) => void) => () => void = listenTextPredictions,
  ) {
    this.stop = listen((m) => this.reply(m));
  }

  /** `waitingFor`: the run the page knows is training (the worker may read the request only once it ends). */
  ask(text: string, textPair: string | undefined, runs: TextPredictionRun[], waitingFor?: string): void {
    const requestId = nextId++;
    this.latest = requestId;
    if (!this.send({ type: 'predict-text', requestId, text, ...(textPair !== undefined ? { textPair } : {}), runs }))
      return this.onState({ kind: 'error', message: 'the training worker is not running: load a model first' });
    this.onState(waitingFor ? { kind: 'waiting', runId: waitingFor } : { kind: 'computing' });
  }

  private reply(m: TextPredictionReply): void {
    if (m.requestId !== this.latest) return; // stale: the user typed on
    if (m.type === 'text-prediction') this.onState({ kind: 'answer', runs: m.runs });
    else if (m.type === 'text-prediction-waiting') this.onState({ kind: 'waiting', runId: m.runId });
    else this.onState({ kind: 'error', message: m.message });
  }

  dispose(): void {
    this.stop();
  }
}
