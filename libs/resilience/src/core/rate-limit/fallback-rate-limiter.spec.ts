import { jest } from '@jest/globals';
import { isRateLimitedError } from '../errors.js';
import { FallbackRateLimiter } from './fallback-rate-limiter.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter, RateLimitResult } from './rate-limiter.js';
import { RateLimitPolicy } from './rate-limit-policy.js';

/** A shared store that can be switched off: stands for Redis at the RateLimiter boundary. */
class SwitchableStore implements RateLimiter {
  readonly limit = 3;
  readonly windowMs = 1_000;
  up = true;
  hang = false;
  calls = 0;
  private readonly inner = new MemoryRateLimiter({ limit: 3, windowMs: 1_000, now: () => 0 });
  consume(key: string): Promise<RateLimitResult> {
    this.calls++;
    if (this.hang) return new Promise(() => undefined);
    if (!this.up) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve(this.inner.consume(key));
  }
}

describe('FallbackRateLimiter', () => {
  let t = 0;
  const now = (): number => t;
  beforeEach(() => {
    t = 0;
  });

  function build(store: SwitchableStore): { limiter: FallbackRateLimiter; events: string[] } {
    const events: string[] = [];
    const limiter = new FallbackRateLimiter({
      primary: store,
      fallback: new MemoryRateLimiter({ limit: 3, windowMs: 1_000, now }),
      onFallback: (e) => events.push(`fallback: ${(e as Error).message}`),
      onRecover: () => events.push('recovered'),
      retryPrimaryAfterMs: 1_000,
      now,
    });
    return { limiter, events };
  }

  it('answers from memory when the store fails, reports it once, and still limits', async () => {
    const store = new SwitchableStore();
    const { limiter, events } = build(store);
    expect((await limiter.consume('a')).remaining).toBe(2);
    store.up = false;
    const answers = await Promise.all(Array.from({ length: 5 }, () => limiter.consume('b')));
    expect(answers.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(events).toEqual(['fallback: connect ECONNREFUSED']);
    expect(limiter.usingFallback).toBe(true);
  });

  it('probes the store once per interval while degraded, and reports the recovery once', async () => {
    const store = new SwitchableStore();
    const { limiter, events } = build(store);
    store.up = false;
    await limiter.consume('k');
    const callsAfterFailure = store.calls;
    for (let i = 0; i < 10; i++) await limiter.consume('k');
    expect(store.calls).toBe(callsAfterFailure); // no probe before the interval
    store.up = true;
    t = 1_000;
    await limiter.consume('k');
    expect(store.calls).toBe(callsAfterFailure + 1);
    expect(limiter.usingFallback).toBe(false);
    expect(events).toEqual(['fallback: connect ECONNREFUSED', 'recovered']);
  });

  it('treats a store that does not answer in time as down', async () => {
    jest.useFakeTimers();
    try {
      const store = new SwitchableStore();
      const events: string[] = [];
      const limiter = new FallbackRateLimiter({
        primary: store,
        fallback: new MemoryRateLimiter({ limit: 3, windowMs: 1_000 }),
        onFallback: (e) => events.push((e as Error).message),
        primaryTimeoutMs: 100,
      });
      store.hang = true;
      const answer = limiter.consume('k');
      await jest.advanceTimersByTimeAsync(100);
      expect((await answer).allowed).toBe(true);
      expect(events).toEqual(['rate limit store did not answer within 100 ms']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('survives a throwing listener', async () => {
    const store = new SwitchableStore();
    store.up = false;
    const limiter = new FallbackRateLimiter({
      primary: store,
      fallback: new MemoryRateLimiter({ limit: 3, windowMs: 1_000 }),
      onFallback: () => {
        throw new Error('logger broke');
      },
    });
    expect((await limiter.consume('k')).allowed).toBe(true);
  });
});

describe('RateLimitPolicy', () => {
  it('runs the call while under the limit and rejects with RateLimitedError without running it', async () => {
    const policy = new RateLimitPolicy({
      name: 'reports',
      limiter: new MemoryRateLimiter({ limit: 2, windowMs: 60_000, now: () => 30_000 }),
    });
    expect(policy.kind).toBe('rate_limit');
    let ran = 0;
    const op = (): number => ++ran;
    expect(await policy.execute(op)).toBe(1);
    expect(await policy.execute(op)).toBe(2);
    const err: unknown = await policy.execute(op).catch((e: unknown) => e);
    expect(ran).toBe(2);
    expect(isRateLimitedError(err)).toBe(true);
    expect(err).toMatchObject({ limiterName: 'reports', limit: 2, retryAfterMs: 30_000 });
  });

  it('counts per key and passes the caller signal through', async () => {
    let key = 'a';
    const policy = new RateLimitPolicy({ name: 'p', limiter: new MemoryRateLimiter({ limit: 1, windowMs: 1_000 }), key: () => key });
    const controller = new AbortController();
    expect(await policy.execute((s) => s === controller.signal, controller.signal)).toBe(true);
    key = 'b';
    await expect(policy.execute(() => 'ok')).resolves.toBe('ok');
    await expect(policy.execute(() => 'ok')).rejects.toThrow(/Rate limit "p" exceeded/);
  });

  it('names the bad option', () => {
    expect(() => new RateLimitPolicy({ name: '', limiter: {} as RateLimiter })).toThrow(/rateLimit\.name[\s\S]*rateLimit\.limiter/);
  });
});
