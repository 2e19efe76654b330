import { FAILURE_CYCLE, FailurePattern } from './failure-pattern.js';

/** Longest run of consecutive failures in the next `n` calls. */
function longestFailureRun(pattern: FailurePattern, rate: number, n: number): number {
  let run = 0;
  let longest = 0;
  for (let i = 0; i < n; i++) {
    run = pattern.next(rate) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe('FailurePattern', () => {
  it('fails the configured share of calls over a cycle', () => {
    for (const rate of [0, 0.1, 0.3, 0.5, 0.7, 1]) {
      const pattern = new FailurePattern();
      const failures = Array.from({ length: FAILURE_CYCLE * 10 }, () => pattern.next(rate)).filter(Boolean).length;
      expect(failures).toBe(Math.round(rate * FAILURE_CYCLE) * 10);
    }
  });

  it('at the default rate, any 10 consecutive calls hold 3 failures in a row, wherever the cycle stands', () => {
    for (let offset = 0; offset < FAILURE_CYCLE; offset++) {
      const pattern = new FailurePattern();
      for (let i = 0; i < offset; i++) pattern.next(0.5);
      expect(longestFailureRun(pattern, 0.5, 10)).toBeGreaterThanOrEqual(3);
    }
  });

  it('never fails at rate 0 and always fails at rate 1', () => {
    const pattern = new FailurePattern();
    expect(longestFailureRun(pattern, 0, 50)).toBe(0);
    expect(longestFailureRun(pattern, 1, 50)).toBe(50);
  });

  it('starts a fresh cycle after reset', () => {
    const pattern = new FailurePattern();
    for (let i = 0; i < 7; i++) pattern.next(0.5);
    pattern.reset();
    expect(pattern.next(0.5)).toBe(true);
  });
});
