import { CircuitOpenError, isResilienceConfigError } from '../errors.js';
import { FallbackPolicy } from './fallback-policy.js';

describe('FallbackPolicy', () => {
  it('passes successes through without calling the fallback', async () => {
    let used = false;
    const f = new FallbackPolicy({
      fallback: () => {
        used = true;
        return 'fallback';
      },
    });
    await expect(f.execute(async () => 'real')).resolves.toBe('real');
    expect(used).toBe(false);
  });

  it('answers with the fallback, given the error, for async and sync failures', async () => {
    const f = new FallbackPolicy({ fallback: (e) => `cached (${(e as Error).message})` });
    await expect(f.execute(async () => Promise.reject(new Error('down')))).resolves.toBe('cached (down)');
    await expect(
      f.execute((): string => {
        throw new Error('sync');
      }),
    ).resolves.toBe('cached (sync)');
    const asyncFallback = new FallbackPolicy({ fallback: async () => 'later' });
    await expect(asyncFallback.execute(async () => Promise.reject(new Error('x')))).resolves.toBe('later');
  });

  it('handles only errors matched by handleOn', async () => {
    const f = new FallbackPolicy({ fallback: () => 'degraded', handleOn: [CircuitOpenError] });
    await expect(f.execute(async () => Promise.reject(CircuitOpenError.create('api', 'open', 10)))).resolves.toBe('degraded');
    await expect(f.execute(async () => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
    const byPredicate = new FallbackPolicy({ fallback: () => 'p', handleOn: (e) => (e as Error).message === 'yes' });
    await expect(byPredicate.execute(async () => Promise.reject(new Error('yes')))).resolves.toBe('p');
    await expect(byPredicate.execute(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
  });

  it('rejects with the fallback error, its cause set to the original, whether it throws or rejects', async () => {
    const original = new Error('down');
    const throwing = new FallbackPolicy({
      fallback: () => {
        throw new Error('no cache');
      },
    });
    const e1 = await throwing.execute(async () => Promise.reject(original)).catch((e: unknown) => e);
    expect((e1 as Error).message).toBe('no cache');
    expect((e1 as Error).cause).toBe(original);
    const rejecting = new FallbackPolicy({ fallback: async () => Promise.reject(new Error('no cache either')) });
    const e2 = await rejecting.execute(async () => Promise.reject(original)).catch((e: unknown) => e);
    expect((e2 as Error).message).toBe('no cache either');
    expect((e2 as Error).cause).toBe(original);
  });

  it('keeps a cause the fallback error already has', async () => {
    const own = new Error('own cause');
    const f = new FallbackPolicy({
      fallback: () => {
        throw new Error('fb', { cause: own });
      },
    });
    const e = await f.execute(async () => Promise.reject(new Error('orig'))).catch((x: unknown) => x);
    expect((e as Error).cause).toBe(own);
  });

  it('rejects bad options naming the key', () => {
    expect(() => new FallbackPolicy({ fallback: 'x' as never })).toThrow('fallback.fallback: must be a function (error) => value');
    let error: unknown;
    try {
      new FallbackPolicy({ fallback: () => 1, handleOn: [42] as never });
    } catch (e) {
      error = e;
    }
    expect(isResilienceConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('fallback.handleOn: must be a predicate or error classes');
  });
});
