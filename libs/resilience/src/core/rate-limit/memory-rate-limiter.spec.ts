import fc from 'fast-check';
import { isResilienceConfigError } from '../errors.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';

function clock(start = 0): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

describe('MemoryRateLimiter', () => {
  it('admits the limit per fixed window and rejects the next with the time to the window end', () => {
    const c = clock(60_000 + 1_000); // 1 s into a window
    const limiter = new MemoryRateLimiter({ limit: 100, windowMs: 60_000, now: c.now, origin: 0 });
    for (let i = 0; i < 100; i++) {
      const r = limiter.consume('1.2.3.4');
      expect(r.allowed).toBe(true);
      expect(r.remaining).toBe(99 - i);
    }
    const rejected = limiter.consume('1.2.3.4');
    expect(rejected).toEqual({ allowed: false, limit: 100, remaining: 0, resetMs: 59_000, retryAfterMs: 59_000 });
    expect(limiter.consume('5.6.7.8').allowed).toBe(true); // keys are independent
    c.advance(59_000);
    expect(limiter.consume('1.2.3.4')).toMatchObject({ allowed: true, remaining: 99, resetMs: 60_000 });
  });

  it('does not count rejected requests', () => {
    const c = clock();
    const limiter = new MemoryRateLimiter({ limit: 2, windowMs: 1_000, algorithm: 'sliding', now: c.now, origin: 0 });
    limiter.consume('k');
    limiter.consume('k');
    for (let i = 0; i < 10; i++) expect(limiter.consume('k').allowed).toBe(false);
    c.advance(1_500); // previous window (2 requests) weighs half: 1 used
    expect(limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume('k').allowed).toBe(false);
  });

  it('weights the previous window in sliding mode', () => {
    const c = clock();
    const limiter = new MemoryRateLimiter({ limit: 10, windowMs: 1_000, algorithm: 'sliding', now: c.now, origin: 0 });
    for (let i = 0; i < 10; i++) limiter.consume('k');
    c.set(1_000); // the full previous window still counts
    const first = limiter.consume('k');
    expect(first.allowed).toBe(false);
    c.set(1_300); // 70% of it counts: 7 used, 3 left
    let admitted = 0;
    while (limiter.consume('k').allowed) admitted++;
    expect(admitted).toBe(3);
    c.set(3_000); // two windows later nothing counts
    expect(limiter.consume('k').remaining).toBe(9);
  });

  it('fixed windows forget the previous window at the boundary', () => {
    const c = clock(999);
    const limiter = new MemoryRateLimiter({ limit: 3, windowMs: 1_000, now: c.now, origin: 0 });
    for (let i = 0; i < 3; i++) expect(limiter.consume('k').allowed).toBe(true);
    expect(limiter.consume('k').allowed).toBe(false);
    c.advance(1);
    expect(limiter.consume('k').remaining).toBe(2);
  });

  it('admits a retry exactly after retryAfterMs, whatever the history (both algorithms)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('fixed' as const, 'sliding' as const),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 80 }),
        (algorithm, limit, gaps) => {
          const c = clock(10_000);
          const limiter = new MemoryRateLimiter({ limit, windowMs: 1_000, algorithm, now: c.now, origin: 0 });
          for (const gap of gaps) {
            c.advance(gap);
            const r = limiter.consume('k');
            if (!r.allowed) {
              expect(r.retryAfterMs).toBeGreaterThan(0);
              expect(r.retryAfterMs).toBeLessThanOrEqual(2_000);
              c.advance(r.retryAfterMs);
              expect(limiter.consume('k').allowed).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never admits more than the limit in any fixed window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 100 }), (limit, gaps) => {
        const c = clock();
        const limiter = new MemoryRateLimiter({ limit, windowMs: 1_000, now: c.now, origin: 0 });
        const perWindow = new Map<number, number>();
        for (const gap of gaps) {
          c.advance(gap);
          if (limiter.consume('k').allowed) {
            const w = Math.floor(c.now() / 1_000);
            perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
          }
        }
        for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('keeps memory bounded with one million distinct keys', () => {
    const c = clock();
    const limiter = new MemoryRateLimiter({ limit: 5, windowMs: 60_000, algorithm: 'sliding', maxKeys: 10_000, now: c.now, origin: 0 });
    for (let i = 0; i < 1_000_000; i++) {
      limiter.consume(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${i}`);
      if (i === 500_000) c.advance(60_000); // cross a window boundary half-way
    }
    expect(limiter.size).toBeLessThanOrEqual(20_000);
    // The most recent keys are still counted.
    const last = `10.${(999_999 >> 16) & 255}.${(999_999 >> 8) & 255}.${999_999 & 255}:999999`;
    expect(limiter.consume(last).remaining).toBe(3);
    // Two idle windows later every entry is gone without a scan or a timer.
    c.advance(120_000);
    limiter.consume('new');
    expect(limiter.size).toBe(1);
  });

  it('rejects invalid options naming the key', () => {
    const attempt = (opts: object): unknown => {
      try {
        new MemoryRateLimiter(opts as never);
        return undefined;
      } catch (e) {
        return e;
      }
    };
    const err = attempt({ limit: 0, windowMs: 1.5, algorithm: 'token', maxKeys: -1 });
    expect(isResilienceConfigError(err)).toBe(true);
    expect((err as Error).message).toContain('rateLimit.limit');
    expect((err as Error).message).toContain('rateLimit.windowMs');
    expect((err as Error).message).toContain("rateLimit.algorithm: must be one of 'fixed', 'sliding'");
    expect((err as Error).message).toContain('rateLimit.maxKeys');
    expect((attempt({ windowMs: 10 }) as Error).message).toContain('rateLimit.limit: is required');
  });

  it('counts windows from its creation by default', () => {
    const c = clock(12_345);
    const limiter = new MemoryRateLimiter({ limit: 1, windowMs: 1_000, now: c.now });
    expect(limiter.consume('k').resetMs).toBe(1_000);
    c.advance(999);
    expect(limiter.consume('k')).toMatchObject({ allowed: false, resetMs: 1 });
  });

  it('counts a cost and refuses one above the limit', () => {
    const limiter = new MemoryRateLimiter({ limit: 10, windowMs: 1_000, now: () => 0, origin: 0 });
    expect(limiter.consume('k', 4).remaining).toBe(6);
    expect(() => limiter.consume('k', 11)).toThrow(/rateLimit\.cost/);
  });
});
