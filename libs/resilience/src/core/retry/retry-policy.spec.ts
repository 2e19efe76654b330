import { jest } from '@jest/globals';
import { BulkheadFullError, CircuitOpenError, isResilienceConfigError } from '../errors.js';
import { RetryPolicy, type RetryEvent, type RetryOptions } from './retry-policy.js';

/** An injected sleep that records delays and resolves at once (or stays pending, to test aborts). */
function recordingSleep(settle = true): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return settle ? Promise.resolve() : new Promise<void>(() => undefined);
    },
  };
}

/** An operation failing `failures` times with `error`, then answering 'ok'. */
function flaky(failures: number, error: () => unknown = () => new Error('flaky')): { calls: () => number; fn: () => Promise<string> } {
  let calls = 0;
  return {
    calls: () => calls,
    fn: async () => {
      calls++;
      if (calls <= failures) throw error();
      return 'ok';
    },
  };
}

describe('RetryPolicy', () => {
  it('retries until success and reports each retry', async () => {
    const { delays, sleep } = recordingSleep();
    const events: RetryEvent[] = [];
    const r = new RetryPolicy({ maxAttempts: 3, backoff: { jitter: 'none' }, sleep });
    r.onRetry((e) => events.push(e));
    const op = flaky(2);
    await expect(r.execute(op.fn)).resolves.toBe('ok');
    expect(op.calls()).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(events.map((e) => [e.attempt, e.delayMs, (e.error as Error).message])).toEqual([
      [1, 100, 'flaky'],
      [2, 200, 'flaky'],
    ]);
  });

  it('rethrows the last error when attempts run out', async () => {
    const { sleep } = recordingSleep();
    let n = 0;
    const r = new RetryPolicy({ maxAttempts: 4, sleep });
    await expect(
      r.execute(async () => {
        throw new Error(`fail ${++n}`);
      }),
    ).rejects.toThrow('fail 4');
  });

  it("grows 'none' delays exponentially up to maxDelayMs", async () => {
    const { delays, sleep } = recordingSleep();
    const r = new RetryPolicy({ maxAttempts: 7, backoff: { initialDelayMs: 10, multiplier: 3, maxDelayMs: 500, jitter: 'none' }, sleep });
    await r.execute(flaky(6).fn);
    expect(delays).toEqual([10, 30, 90, 270, 500, 500]);
  });

  it("keeps 'full' jitter within [0, exponential bound]", async () => {
    const { delays, sleep } = recordingSleep();
    const randoms = [0, 0.999, 0.5, 0.25];
    let i = 0;
    const r = new RetryPolicy({
      maxAttempts: 5,
      backoff: { initialDelayMs: 100, maxDelayMs: 300, jitter: 'full' },
      random: () => randoms[i++],
      sleep,
    });
    await r.execute(flaky(4).fn);
    expect(delays).toEqual([0, 0.999 * 200, 0.5 * 300, 0.25 * 300]);
  });

  it("keeps 'decorrelated' jitter within [initial, min(max, previous × 3)]", async () => {
    const { delays, sleep } = recordingSleep();
    const r = new RetryPolicy({
      maxAttempts: 30,
      backoff: { initialDelayMs: 50, maxDelayMs: 2000, jitter: 'decorrelated' },
      random: () => 0.9,
      sleep,
    });
    await r.execute(flaky(29).fn);
    let previous = 50;
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(Math.min(2000, previous * 3));
      previous = d;
    }
    expect(delays.at(-1)).toBe(2000);
  });

  it('never retries CircuitOpenError or BulkheadFullError by default', async () => {
    const { sleep } = recordingSleep();
    const r = new RetryPolicy({ maxAttempts: 5, sleep });
    const open = flaky(1, () => CircuitOpenError.create('api', 'open', 1000));
    await expect(r.execute(open.fn)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(open.calls()).toBe(1);
    const full = flaky(1, () => BulkheadFullError.create('db', 1, 0, 1, 0));
    await expect(r.execute(full.fn)).rejects.toBeInstanceOf(BulkheadFullError);
    expect(full.calls()).toBe(1);
  });

  it('retries them when asked', async () => {
    const { sleep } = recordingSleep();
    const r = new RetryPolicy({ maxAttempts: 5, retryOnCircuitOpen: true, retryOnBulkheadFull: true, sleep });
    const open = flaky(2, () => CircuitOpenError.create('api', 'open', 1000));
    await expect(r.execute(open.fn)).resolves.toBe('ok');
    expect(open.calls()).toBe(3);
    const full = flaky(2, () => BulkheadFullError.create('db', 1, 0, 1, 0));
    await expect(r.execute(full.fn)).resolves.toBe('ok');
    expect(full.calls()).toBe(3);
  });

  it('retries only errors matched by retryOn (classes or predicate)', async () => {
    class Transient extends Error {}
    const { sleep } = recordingSleep();
    const byClass = new RetryPolicy({ retryOn: [Transient], sleep });
    const transient = flaky(2, () => new Transient('t'));
    await expect(byClass.execute(transient.fn)).resolves.toBe('ok');
    const other = flaky(2, () => new TypeError('bug'));
    await expect(byClass.execute(other.fn)).rejects.toThrow(TypeError);
    expect(other.calls()).toBe(1);
    const byPredicate = new RetryPolicy({ retryOn: (e) => (e as Error).message === 'again', sleep });
    const again = flaky(1, () => new Error('again'));
    await expect(byPredicate.execute(again.fn)).resolves.toBe('ok');
    expect(again.calls()).toBe(2);
  });

  it('stops waiting when the caller aborts during backoff, even with an injected sleep that ignores it', async () => {
    const { delays, sleep } = recordingSleep(false);
    const r = new RetryPolicy({ maxAttempts: 5, sleep });
    const controller = new AbortController();
    const op = flaky(10);
    const call = r.execute(op.fn, controller.signal);
    for (let i = 0; i < 5 && delays.length === 0; i++) await Promise.resolve();
    expect(delays).toHaveLength(1);
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(op.calls()).toBe(1);
  });

  it('stops the default timer sleep when aborted (no timer left behind)', async () => {
    jest.useFakeTimers();
    try {
      const r = new RetryPolicy({ maxAttempts: 2, backoff: { initialDelayMs: 60_000, jitter: 'none' } });
      const controller = new AbortController();
      const call = r.execute(flaky(5).fn, controller.signal);
      for (let i = 0; i < 10 && jest.getTimerCount() === 0; i++) await Promise.resolve();
      expect(jest.getTimerCount()).toBe(1);
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(call).rejects.toBe(reason);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('passes the caller signal to each attempt', async () => {
    const { sleep } = recordingSleep();
    const r = new RetryPolicy({ sleep });
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    let n = 0;
    await r.execute(async (signal) => {
      seen.push(signal);
      if (++n < 2) throw new Error('again');
    }, controller.signal);
    expect(seen).toEqual([controller.signal, controller.signal]);
  });

  it.each<[string, RetryOptions, string]>([
    ['zero maxAttempts', { maxAttempts: 0 }, 'retry.maxAttempts: must be an integer >= 1, got 0'],
    ['negative initial delay', { backoff: { initialDelayMs: -1 } }, 'retry.backoff.initialDelayMs: must be a number from 0 to 2147483647'],
    [
      'max below initial',
      { backoff: { initialDelayMs: 500, maxDelayMs: 100 } },
      'retry.backoff.maxDelayMs: must be >= backoff.initialDelayMs',
    ],
    ['shrinking multiplier', { backoff: { multiplier: 0.5 } }, 'retry.backoff.multiplier: must be a number >= 1, got 0.5'],
    [
      'unknown jitter',
      { backoff: { jitter: 'equal' as never } },
      `retry.backoff.jitter: must be one of 'full', 'decorrelated', 'none', got "equal"`,
    ],
    ['retryOn not a filter', { retryOn: ['x'] as never }, 'retry.retryOn: must be a predicate or error classes'],
  ])('rejects bad options: %s', (_label, options, message) => {
    let error: unknown;
    try {
      new RetryPolicy(options);
    } catch (e) {
      error = e;
    }
    expect(isResilienceConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
