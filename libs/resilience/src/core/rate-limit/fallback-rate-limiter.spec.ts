import { jest } from '@jest/globals';
import { FallbackRateLimiter } from './fallback-rate-limiter.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter, RateLimitResult } from './rate-limiter.js';

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
