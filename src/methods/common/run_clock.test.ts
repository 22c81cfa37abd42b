// RunClock: the ETA of the work left from measured rates, pauses excluded; the derived rate of the
// kind not yet timed.
import { describe, expect, it } from 'vitest';
import { RunClock } from './run_clock';

function fakeTime() {
  let ms = 0;
  return { now: () => ms, advance: (s: number) => (ms += s * 1000) };
}

describe('RunClock', () => {
  it('says nothing before anything was timed, then uses the measured rate and a third of it for forward passes', () => {
    const t = fakeTime();
    const c = new RunClock({ train: 30, forward: 60 }, t.now);
    expect(c.remaining()).toBeNaN();
    t.advance(2);
    c.did('train', 10); // 0.2 s per training pass
    expect(c.secondsPer('train')).toBeCloseTo(0.2, 12);
    expect(c.secondsPer('forward')).toBeCloseTo(0.2 / 3, 12);
    expect(c.remaining()).toBeCloseTo(20 * 0.2 + 60 * (0.2 / 3), 9);
  });

  it('uses the measured forward rate once timed, and leaves out time before a mark (a pause)', () => {
    const t = fakeTime();
    const c = new RunClock({ train: 10, forward: 100 }, t.now);
    t.advance(1);
    c.did('train', 10);
    t.advance(300); // paused
    c.mark();
    t.advance(5);
    c.did('forward', 50); // 0.1 s per forward pass
    expect(c.measured('forward')).toBeCloseTo(0.1, 12);
    expect(c.remaining()).toBeCloseTo(50 * 0.1, 9);
    t.advance(5);
    c.did('forward', 50);
    expect(c.remaining()).toBe(0);
  });

  it('derives the training rate from forward passes when only those were timed', () => {
    const t = fakeTime();
    const c = new RunClock({ train: 4, forward: 0 }, t.now);
    t.advance(1);
    c.did('forward', 10);
    expect(c.remaining()).toBeCloseTo(4 * 0.3, 9);
  });

  it('counts work redone after a resume as work left', () => {
    const t = fakeTime();
    const c = new RunClock({ train: 100, forward: 0 }, t.now);
    t.advance(60);
    c.did('train', 60); // 1 s per example pass
    c.redo('train', 20); // resumed from a checkpoint 20 examples back
    expect(c.remaining()).toBeCloseTo(60, 9);
    c.redo('train', -5); // never less work for a nonsense count
    expect(c.remaining()).toBeCloseTo(60, 9);
  });

  it('leaves out work done in an earlier page load (a run resumed after a reload)', () => {
    const t = fakeTime();
    const c = new RunClock({ train: 100, forward: 0 }, t.now);
    c.skip('train', 40); // trained before the reload
    t.advance(10);
    c.did('train', 10); // 1 s per example pass
    expect(c.remaining()).toBeCloseTo(50, 9);
  });
});
