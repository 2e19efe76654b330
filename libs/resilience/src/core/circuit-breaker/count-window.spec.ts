import { CountWindow } from './count-window.js';

const NO_SLOW = Number.POSITIVE_INFINITY;

describe('CountWindow', () => {
  it('does not evaluate the rate before minimumCalls are buffered', () => {
    const w = new CountWindow(10, 4, 50, NO_SLOW);
    expect(w.record(true, false)).toBe(false);
    expect(w.record(true, false)).toBe(false);
    expect(w.record(true, false)).toBe(false);
    expect(w.stats().failureRate).toBe(-1);
    expect(w.record(false, false)).toBe(true); // 3 of 4 failed: a success can complete the minimum and trip
  });

  it('trips at exactly the threshold rate, not below', () => {
    const w = new CountWindow(4, 4, 50, NO_SLOW);
    w.record(false, false);
    w.record(false, false);
    w.record(false, false);
    expect(w.record(true, false)).toBe(false); // 25 %
    expect(w.record(true, false)).toBe(true); // window now [ok, ok, fail, fail]: 50 %
  });

  it('slides: the oldest outcome leaves when a new one arrives', () => {
    const w = new CountWindow(3, 3, 100, NO_SLOW);
    w.record(true, false);
    w.record(true, false);
    expect(w.record(false, false)).toBe(false);
    expect(w.stats()).toMatchObject({ bufferedCalls: 3, failureRate: (2 * 100) / 3 });
    w.record(false, false); // first failure leaves
    w.record(false, false); // second failure leaves
    expect(w.stats()).toMatchObject({ bufferedCalls: 3, failureRate: 0 });
  });

  it('a 0 % threshold trips on the first failure once the minimum is met, never on successes', () => {
    const w = new CountWindow(5, 2, 0, NO_SLOW);
    expect(w.record(false, false)).toBe(false);
    expect(w.record(false, false)).toBe(false);
    expect(w.record(true, false)).toBe(true);
  });

  it('trips on the slow-call rate when slow calls are measured', () => {
    const w = new CountWindow(4, 4, 100, 50);
    w.record(false, true);
    w.record(false, false);
    w.record(false, false);
    expect(w.record(false, true)).toBe(true);
    expect(w.stats().slowCallRate).toBe(50);
  });

  it('reports slowCallRate -1 when slow calls are not measured', () => {
    const w = new CountWindow(2, 1, 50, NO_SLOW);
    w.record(false, false);
    expect(w.stats().slowCallRate).toBe(-1);
  });

  it('clear() empties the buffer', () => {
    const w = new CountWindow(2, 2, 50, NO_SLOW);
    w.record(true, false);
    w.clear();
    expect(w.stats().bufferedCalls).toBe(0);
    expect(w.record(false, false)).toBe(false);
    expect(w.record(true, false)).toBe(true);
  });
});
