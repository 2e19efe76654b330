import { isRateLimitedError } from '../errors.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { RateLimitPolicy } from './rate-limit-policy.js';

describe('RateLimitPolicy', () => {
  it('runs the call while under the limit and rejects with RateLimitedError without running it', async () => {
    const policy = new RateLimitPolicy({
      name: 'reports',
      limiter: new MemoryRateLimiter({ limit: 2, windowMs: 60_000, now: () => 30_000, origin: 0 }),
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
