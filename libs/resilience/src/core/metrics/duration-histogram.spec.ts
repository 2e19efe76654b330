import { jest } from '@jest/globals';
import { BulkheadFullError } from '../errors.js';
import type { Operation, Policy } from '../policy.js';
import { DurationHistogram } from './duration-histogram.js';
import { TimedPolicy } from './timed-policy.js';

describe('DurationHistogram', () => {
  it('counts each observation in the first bucket whose bound it does not exceed, cumulatively', () => {
    const h = new DurationHistogram([0.01, 0.1, 1]);
    for (const s of [0.001, 0.01, 0.05, 0.5, 2, 3]) h.observe(s);
    expect(h.cumulative()).toEqual([2, 3, 4, 6]);
    expect(h.count).toBe(6);
    expect(h.sum).toBeCloseTo(5.561, 6);
  });
});

describe('TimedPolicy', () => {
  const passThrough: Policy = {
    kind: 'circuit_breaker',
    execute: <T>(fn: Operation<T>, signal?: AbortSignal) =>
      new Promise<T>((resolve) => resolve(fn(signal ?? new AbortController().signal))),
  };

  it('records successes and failures, keeps results and errors, and reports the inner kind', async () => {
    const h = new DurationHistogram([0.5]);
    const timed = new TimedPolicy(passThrough, h);
    expect(timed.kind).toBe('circuit_breaker');
    await expect(timed.execute(() => 42)).resolves.toBe(42);
    const full = BulkheadFullError.create('b', 1, 0, 1, 0);
    await expect(
      timed.execute(() => {
        throw full;
      }),
    ).rejects.toBe(full);
    expect(h.count).toBe(2);
    expect(h.cumulative()).toEqual([2, 2]);
  });

  it('measures the time the call took', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    try {
      const h = new DurationHistogram([0.1, 1]);
      const call = new TimedPolicy(passThrough, h).execute(() => new Promise((resolve) => setTimeout(resolve, 300)));
      await jest.advanceTimersByTimeAsync(300);
      await call;
      expect(h.cumulative()).toEqual([0, 1, 1]);
      expect(h.sum).toBeGreaterThanOrEqual(0.299);
    } finally {
      jest.useRealTimers();
    }
  });
});
