import { jest } from '@jest/globals';
import { isResilienceConfigError, isTimeoutError, TimeoutError } from '../errors.js';
import { NEVER_ABORTED } from '../policy.js';
import { TimeoutPolicy } from './timeout-policy.js';

function deferred<T = string>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Records how a promise settled, without leaving a rejection unhandled. */
function track<T>(p: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } {
  const t: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { state: 'pending' };
  p.then(
    (value) => Object.assign(t, { state: 'resolved', value }),
    (error: unknown) => Object.assign(t, { state: 'rejected', error }),
  );
  return t;
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('TimeoutPolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    // Let the shared ticker see that nothing is in flight and stop, before real timers return.
    jest.advanceTimersByTime(10);
    expect(jest.getTimerCount()).toBe(0);
    jest.useRealTimers();
  });

  it('passes results and errors through when fast', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 100 });
    await expect(t.execute(async () => 42)).resolves.toBe(42);
    await expect(t.execute(() => 'sync')).resolves.toBe('sync');
    await expect(t.execute(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      t.execute((): string => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
  });

  it('aborts the signal with a TimeoutError and rejects with the same error, never early', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 100, name: 'fetch' });
    let seen: AbortSignal | undefined;
    const gate = deferred();
    const call = track(
      t.execute((signal) => {
        seen = signal;
        return gate.promise;
      }),
    );
    expect(seen).not.toBe(NEVER_ABORTED);
    jest.advanceTimersByTime(99);
    await flush();
    expect(call.state).toBe('pending');
    expect(seen!.aborted).toBe(false);
    jest.advanceTimersByTime(t.resolutionMs + 1);
    await flush();
    expect(call.state).toBe('rejected');
    expect(isTimeoutError(call.error)).toBe(true);
    expect((call.error as TimeoutError).timeoutMs).toBe(100);
    expect((call.error as Error).message).toBe('Operation "fetch" timed out after 100 ms');
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe(call.error);
    // The operation rejecting after the deadline is absorbed: no unhandled rejection (checked by the setup file).
    gate.reject(new Error('too late'));
    await flush();
  });

  it('rejects an operation that ignores signals (declares none) and hands it no new signal', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 50 });
    const never = new Promise<string>(() => undefined);
    let args: unknown[] = [];
    const call = track(
      t.execute(function (this: unknown, ...rest: unknown[]) {
        args = rest;
        return never;
      }),
    );
    expect(args).toEqual([NEVER_ABORTED]);
    jest.advanceTimersByTime(50 + t.resolutionMs);
    await flush();
    expect(call.state).toBe('rejected');
    expect(call.error).toBeInstanceOf(TimeoutError);
  });

  it('follows the caller signal: aborts the inner signal and rejects with the reason at once', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1000 });
    const caller = new AbortController();
    let inner: AbortSignal | undefined;
    const call = track(
      t.execute((signal) => {
        inner = signal;
        return new Promise<string>(() => undefined);
      }, caller.signal),
    );
    expect(inner).not.toBe(caller.signal);
    const reason = new Error('user left');
    caller.abort(reason);
    await flush();
    expect(inner!.aborted).toBe(true);
    expect(inner!.reason).toBe(reason);
    expect(call.state).toBe('rejected');
    expect(call.error).toBe(reason);
  });

  it('rejects at once when the caller signal is already aborted', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 1000 });
    const reason = new Error('gone');
    let ran = false;
    await expect(
      t.execute(async () => {
        ran = true;
      }, AbortSignal.abort(reason)),
    ).rejects.toBe(reason);
    expect(ran).toBe(false);
  });

  it('times out many calls in order with one timer, and leaves no timer once idle', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 100 });
    const first = Array.from({ length: 100 }, () => track(t.execute(() => new Promise<never>(() => undefined))));
    jest.advanceTimersByTime(50);
    const second = Array.from({ length: 100 }, () => track(t.execute(() => new Promise<never>(() => undefined))));
    const fast = track(t.execute(async () => 'fast'));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(50 + t.resolutionMs);
    await flush();
    expect(first.every((c) => c.state === 'rejected')).toBe(true);
    expect(second.every((c) => c.state === 'pending')).toBe(true);
    expect(fast.state).toBe('resolved');
    jest.advanceTimersByTime(50);
    await flush();
    expect(second.every((c) => c.state === 'rejected')).toBe(true);
    jest.advanceTimersByTime(t.resolutionMs);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops the timer after fast calls settle', async () => {
    const t = new TimeoutPolicy({ timeoutMs: 5000 });
    for (let i = 0; i < 10; i++) await t.execute(async () => i);
    jest.advanceTimersByTime(t.resolutionMs);
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['missing timeoutMs', {}, 'timeout.timeoutMs: is required'],
    ['zero timeoutMs', { timeoutMs: 0 }, 'timeout.timeoutMs: must be a number from 1 to 2147483647, got 0'],
    ['huge timeoutMs', { timeoutMs: 2 ** 31 }, 'timeout.timeoutMs: must be a number from 1 to 2147483647'],
    ['non-string name', { timeoutMs: 10, name: 5 }, 'timeout.name: must be a string'],
  ])('rejects bad options: %s', (_label, options, message) => {
    let error: unknown;
    try {
      new TimeoutPolicy(options as never);
    } catch (e) {
      error = e;
    }
    expect(isResilienceConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
