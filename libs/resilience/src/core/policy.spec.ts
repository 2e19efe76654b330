import { jest } from '@jest/globals';
import { BulkheadPolicy } from './bulkhead/bulkhead-policy.js';
import { CircuitOpenError, isTimeoutError } from './errors.js';
import { FallbackPolicy } from './fallback/fallback-policy.js';
import { ComposedPolicy, composePolicies, NEVER_ABORTED, type Operation, type Policy, type PolicyKind } from './policy.js';
import { RetryPolicy } from './retry/retry-policy.js';
import { TimeoutPolicy } from './timeout/timeout-policy.js';

/** A policy that records when it is entered and left, and what signal it was given. */
class RecordingPolicy implements Policy {
  signals: (AbortSignal | undefined)[] = [];
  constructor(
    readonly kind: PolicyKind,
    private readonly log: string[],
  ) {}
  async execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    this.signals.push(signal);
    this.log.push(`>${this.kind}`);
    try {
      return await fn(signal ?? NEVER_ABORTED);
    } finally {
      this.log.push(`<${this.kind}`);
    }
  }
}

/** A stand-in breaker: open means every call is rejected with CircuitOpenError. */
class StubBreaker implements Policy {
  readonly kind = 'circuit_breaker' as const;
  open = false;
  calls = 0;
  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    this.calls++;
    if (this.open) return Promise.reject(CircuitOpenError.create('stub', 'open', 1000));
    return Promise.resolve(fn(signal ?? NEVER_ABORTED));
  }
}

describe('composePolicies', () => {
  afterEach(() => jest.useRealTimers());

  it('applies Fallback → Retry → CircuitBreaker → RateLimit → Timeout → Bulkhead whatever the argument order', async () => {
    const log: string[] = [];
    const kinds: PolicyKind[] = ['bulkhead', 'timeout', 'fallback', 'rate_limit', 'circuit_breaker', 'retry'];
    const composed = composePolicies(...kinds.map((k) => new RecordingPolicy(k, log)));
    await expect(
      composed.execute(async () => {
        log.push('fn');
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(log).toEqual([
      '>fallback',
      '>retry',
      '>circuit_breaker',
      '>rate_limit',
      '>timeout',
      '>bulkhead',
      'fn',
      '<bulkhead',
      '<timeout',
      '<rate_limit',
      '<circuit_breaker',
      '<retry',
      '<fallback',
    ]);
    expect((composed as ComposedPolicy).policies.map((p) => p.kind)).toEqual([
      'fallback',
      'retry',
      'circuit_breaker',
      'rate_limit',
      'timeout',
      'bulkhead',
    ]);
    expect(composed.kind).toBe('fallback');
  });

  it('hands the caller signal down the chain', async () => {
    const log: string[] = [];
    const outer = new RecordingPolicy('retry', log);
    const inner = new RecordingPolicy('bulkhead', log);
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await composePolicies(inner, outer).execute(async (signal) => {
      seen = signal;
    }, controller.signal);
    expect(outer.signals).toEqual([controller.signal]);
    expect(inner.signals).toEqual([controller.signal]);
    expect(seen).toBe(controller.signal);
  });

  it('retries around the breaker, but not once it is open; fallback answers last', async () => {
    const breaker = new StubBreaker();
    const sleeps: number[] = [];
    const retry = new RetryPolicy({ maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) });
    const fallback = new FallbackPolicy({ fallback: (e) => `fallback: ${(e as Error).name}` });
    const composed = composePolicies(breaker, fallback, retry);
    let n = 0;
    await expect(
      composed.execute(async () => {
        if (++n < 3) throw new Error('flaky');
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(breaker.calls).toBe(3);
    breaker.open = true;
    await expect(composed.execute(async () => 'unreachable')).resolves.toBe('fallback: CircuitOpenError');
    expect(breaker.calls).toBe(4);
    expect(sleeps).toHaveLength(2);
  });

  it('counts time waiting for a bulkhead slot against the timeout, and the timed-out caller leaves the queue', async () => {
    jest.useFakeTimers();
    const bulkhead = new BulkheadPolicy({ name: 'b', maxConcurrent: 1, maxQueue: 1 });
    const timeout = new TimeoutPolicy({ timeoutMs: 100 });
    const composed = composePolicies(bulkhead, timeout);
    let release!: (v: string) => void;
    const first = composed.execute(() => new Promise<string>((resolve) => (release = resolve)));
    let ran = false;
    const waiting = composed
      .execute(async (_signal) => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(bulkhead.snapshot().queued).toBe(1);
    jest.advanceTimersByTime(100 + timeout.resolutionMs);
    const error = await waiting;
    expect(isTimeoutError(error)).toBe(true);
    // The operation takes a signal, so the timeout aborted it and the bulkhead dropped the waiter.
    expect(bulkhead.snapshot().queued).toBe(0);
    expect(isTimeoutError(await first.catch((e: unknown) => e))).toBe(true);
    release('late');
    await Promise.resolve();
    expect(ran).toBe(false);
    jest.advanceTimersByTime(10);
  });

  it('creates no AbortSignal for an operation that declares no parameter', async () => {
    const timeout = new TimeoutPolicy({ timeoutMs: 1000 });
    const log: string[] = [];
    const inner = new RecordingPolicy('bulkhead', log);
    const composed = composePolicies(timeout, inner);
    await composed.execute(async () => 'x');
    expect(inner.signals).toEqual([NEVER_ABORTED]);
    await composed.execute(async (_signal) => 'y');
    expect(inner.signals[1]).not.toBe(NEVER_ABORTED);
    expect(inner.signals[1]).toBeInstanceOf(AbortSignal);
  });

  it('returns a single policy unchanged and runs an empty composition plainly', async () => {
    const only = new TimeoutPolicy({ timeoutMs: 10 });
    expect(composePolicies(only)).toBe(only);
    const empty = new ComposedPolicy([]);
    await expect(empty.execute(async () => 1)).resolves.toBe(1);
    await expect(
      empty.execute((): number => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });
});
