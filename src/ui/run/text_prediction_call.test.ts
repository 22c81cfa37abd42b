// The try-a-sentence call delivers only the newest request's replies.
import { describe, expect, it } from 'vitest';
import type { TextPredictionReply, TextPredictionRequest } from '../../train/protocol';
import { TextPredictionCall, type TextCallState } from './text_prediction_call';

describe('TextPredictionCall', () => {
  it('drops an older answer that arrives after a newer request, and passes waiting and errors of the newest', () => {
    const sent: TextPredictionRequest[] = [];
    let deliver: (m: TextPredictionReply) => void = () => {};
    const states: TextCallState[] = [];
    const call = new TextPredictionCall(
      (s) => states.push(s),
      (req) => {
        sent.push(req);
        return true;
      },
      (fn) => {
        deliver = fn;
        return () => {};
      },
    );
    call.ask('a', undefined, []);
    call.ask('ab', undefined, []);
    expect(sent.map((r) => r.text)).toEqual(['a', 'ab']);
    const [first, second] = sent.map((r) => r.requestId);
    deliver({ type: 'text-prediction', requestId: first, runs: [{ runId: 'old', error: 'x' }] });
    expect(states.filter((s) => s.kind === 'answer')).toHaveLength(0);
    deliver({ type: 'text-prediction-waiting', requestId: second, runId: 'r1' });
    deliver({ type: 'text-prediction', requestId: second, runs: [{ runId: 'new', error: 'y' }] });
    expect(states.slice(-2)).toEqual([
      { kind: 'waiting', runId: 'r1' },
      { kind: 'answer', runs: [{ runId: 'new', error: 'y' }] },
    ]);
  });

  it('says a request made while a run trains waits for it', () => {
    const states: TextCallState[] = [];
    new TextPredictionCall(
      (s) => states.push(s),
      () => true,
      () => () => {},
    ).ask('a', undefined, [], 'run-1');
    expect(states).toEqual([{ kind: 'waiting', runId: 'run-1' }]);
  });

  it('says when no worker is running', () => {
    const states: TextCallState[] = [];
    new TextPredictionCall(
      (s) => states.push(s),
      () => false,
      () => () => {},
    ).ask('a', undefined, []);
    expect(states).toEqual([{ kind: 'error', message: 'the training worker is not running: load a model first' }]);
  });
});
