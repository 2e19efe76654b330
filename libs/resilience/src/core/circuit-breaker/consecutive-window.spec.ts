import { ConsecutiveWindow } from './consecutive-window.js';

describe('ConsecutiveWindow', () => {
  it('trips on the threshold-th failure in a row, not before', () => {
    const w = new ConsecutiveWindow(3);
    expect(w.record(true, false)).toBe(false);
    expect(w.record(true, false)).toBe(false);
    expect(w.record(true, false)).toBe(true);
  });

  it('a success resets the run', () => {
    const w = new ConsecutiveWindow(2);
    w.record(true, false);
    expect(w.record(false, false)).toBe(false);
    expect(w.stats().consecutiveFailures).toBe(0);
    expect(w.record(true, false)).toBe(false);
  });

  it('counts slow successes as bad calls in the run, mixed with failures', () => {
    const w = new ConsecutiveWindow(3);
    w.record(false, true);
    w.record(true, false);
    expect(w.stats()).toEqual({ bufferedCalls: 2, failureRate: -1, slowCallRate: -1, consecutiveFailures: 2 });
    expect(w.record(false, true)).toBe(true);
  });

  it('clear() forgets the run', () => {
    const w = new ConsecutiveWindow(2);
    w.record(true, false);
    w.clear();
    expect(w.record(true, false)).toBe(false);
  });
});
