import { TimeWindow } from './time-window.js';

const NO_SLOW = Number.POSITIVE_INFINITY;

function clock(start = 1_000_000): { t: number; now: () => number } {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('TimeWindow', () => {
  it('trips on the failure rate of the calls within the window once minimumCalls are buffered', () => {
    const c = clock();
    const w = new TimeWindow(10, 4, 50, NO_SLOW, c.now);
    expect(w.record(true, false)).toBe(false);
    c.t += 1000;
    expect(w.record(false, false)).toBe(false);
    c.t += 1000;
    expect(w.record(false, false)).toBe(false);
    expect(w.stats().failureRate).toBe(-1);
    expect(w.record(true, false)).toBe(true);
    expect(w.stats()).toMatchObject({ bufferedCalls: 4, failureRate: 50 });
  });

  it('forgets seconds that fell out of the window', () => {
    const c = clock();
    const w = new TimeWindow(3, 2, 50, NO_SLOW, c.now);
    w.record(true, false);
    c.t += 1000;
    w.record(false, false);
    c.t += 2000; // the first second is now out of a 3 s window
    expect(w.stats()).toMatchObject({ bufferedCalls: 1, failureRate: -1 });
    expect(w.record(false, false)).toBe(false);
    expect(w.stats()).toMatchObject({ bufferedCalls: 2, failureRate: 0 });
  });

  it('forgets everything after a gap longer than the window', () => {
    const c = clock();
    const w = new TimeWindow(5, 1, 50, NO_SLOW, c.now);
    for (let i = 0; i < 5; i++) w.record(false, false);
    c.t += 60_000;
    expect(w.stats().bufferedCalls).toBe(0);
    expect(w.record(true, false)).toBe(true);
  });

  it('keeps counting in the latest second when the clock goes backwards', () => {
    const c = clock();
    const w = new TimeWindow(2, 1, 100, NO_SLOW, c.now);
    w.record(false, false);
    c.t -= 5000;
    w.record(false, false);
    expect(w.stats().bufferedCalls).toBe(2);
  });

  it('trips on the slow-call rate when measured', () => {
    const c = clock();
    const w = new TimeWindow(10, 2, 100, 100, c.now);
    expect(w.record(false, true)).toBe(false);
    expect(w.record(false, true)).toBe(true);
    expect(w.stats().slowCallRate).toBe(100);
  });

  it('clear() empties every bucket', () => {
    const c = clock();
    const w = new TimeWindow(3, 1, 50, NO_SLOW, c.now);
    w.record(false, false);
    w.clear();
    expect(w.stats().bufferedCalls).toBe(0);
  });
});
