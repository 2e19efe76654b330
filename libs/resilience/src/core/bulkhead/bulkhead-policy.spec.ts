import { jest } from '@jest/globals';
import { BulkheadFullError, isBulkheadFullError, isResilienceConfigError } from '../errors.js';
import { BulkheadPolicy, type BulkheadOptions } from './bulkhead-policy.js';

/** A promise the test settles by hand. */
function deferred<T = string>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('BulkheadPolicy', () => {
  afterEach(() => jest.useRealTimers());

  it('runs uncontended calls straight through and counts them', async () => {
    const b = new BulkheadPolicy({ name: 'db', maxConcurrent: 2 });
    await expect(b.execute(async () => 42)).resolves.toBe(42);
    await expect(b.execute(() => 'sync')).resolves.toBe('sync');
    await expect(b.execute(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(b.snapshot()).toEqual({ name: 'db', active: 0, queued: 0, maxConcurrent: 2, maxQueue: 0, rejected: 0, completed: 2, failed: 1 });
  });

  it('rejects at once when full and maxQueue is 0, telling listeners', async () => {
    const b = new BulkheadPolicy({ name: 'db', maxConcurrent: 1 });
    const seen: BulkheadFullError[] = [];
    const dispose = b.onRejection((e) => seen.push(e));
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const error = await b.execute(async () => 'never').catch((e: unknown) => e);
    expect(isBulkheadFullError(error)).toBe(true);
    expect(error).toMatchObject({ bulkheadName: 'db', active: 1, queued: 0, maxConcurrent: 1, maxQueue: 0 });
    expect(seen).toEqual([error]);
    dispose();
    await b.execute(async () => 'x').catch(() => undefined);
    expect(seen).toHaveLength(1);
    gate.resolve('done');
    await expect(first).resolves.toBe('done');
    expect(b.snapshot()).toMatchObject({ active: 0, rejected: 2, completed: 1 });
  });

  it('queues in FIFO order and rejects beyond maxQueue', async () => {
    const b = new BulkheadPolicy({ name: 'q', maxConcurrent: 1, maxQueue: 3 });
    const order: number[] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const calls = gates.map((g, i) =>
      b.execute(async () => {
        order.push(i);
        return g.promise;
      }),
    );
    await expect(b.execute(async () => 'late')).rejects.toThrow(BulkheadFullError);
    expect(b.snapshot()).toMatchObject({ active: 1, queued: 3, rejected: 1 });
    // Each release starts exactly the next call in arrival order.
    for (let i = 0; i < gates.length; i++) {
      expect(order).toEqual([...Array(i + 1).keys()]);
      gates[i].resolve(`r${i}`);
      await flush();
    }
    await expect(Promise.all(calls)).resolves.toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(b.snapshot()).toMatchObject({ active: 0, queued: 0, completed: 4 });
  });

  it('frees the slot when fn throws synchronously or rejects', async () => {
    const b = new BulkheadPolicy({ name: 'e', maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const second = b.execute((): string => {
      throw new Error('sync boom');
    });
    const third = b.execute(async () => 'third');
    gate.reject(new Error('async boom'));
    await expect(first).rejects.toThrow('async boom');
    await expect(second).rejects.toThrow('sync boom');
    // The queue held one; the third was turned away while the first ran.
    await expect(third).rejects.toThrow(BulkheadFullError);
    await expect(b.execute(async () => 'after')).resolves.toBe('after');
    expect(b.snapshot()).toMatchObject({ active: 0, queued: 0, failed: 2, completed: 1, rejected: 1 });
  });

  it('lets an aborted caller leave the queue at once with the signal reason', async () => {
    const b = new BulkheadPolicy({ name: 'a', maxConcurrent: 1, maxQueue: 5 });
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const queued = b.execute(async () => {
      ran = true;
    }, controller.signal);
    const behind = b.execute(async () => 'behind');
    expect(b.snapshot().queued).toBe(2);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect(b.snapshot()).toMatchObject({ queued: 1, rejected: 0 });
    gate.resolve('ok');
    await expect(first).resolves.toBe('ok');
    await expect(behind).resolves.toBe('behind');
    expect(ran).toBe(false);
    expect(b.snapshot()).toMatchObject({ active: 0, queued: 0, completed: 2, failed: 0, rejected: 0 });
  });

  it('rejects a caller whose signal is already aborted without running fn', async () => {
    const b = new BulkheadPolicy({ name: 'a', maxConcurrent: 1 });
    const reason = new Error('already');
    let ran = false;
    await expect(
      b.execute(async () => {
        ran = true;
      }, AbortSignal.abort(reason)),
    ).rejects.toBe(reason);
    expect(ran).toBe(false);
  });

  it('rejects queued calls that wait longer than maxWaitMs, with one shared timer', async () => {
    jest.useFakeTimers();
    const b = new BulkheadPolicy({ name: 'w', maxConcurrent: 1, maxQueue: 10, maxWaitMs: 100 });
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const early = b.execute(async () => 'early').catch((e: unknown) => e);
    jest.advanceTimersByTime(60);
    const late = b.execute(async () => 'late').catch((e: unknown) => e);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(40);
    const error = await early;
    expect(isBulkheadFullError(error)).toBe(true);
    expect((error as Error).message).toContain('wait timed out');
    expect(b.snapshot()).toMatchObject({ queued: 1, rejected: 1 });
    // The second waiter's deadline is 60 ms later; the timer was re-armed for it alone.
    jest.advanceTimersByTime(59);
    expect(b.snapshot().queued).toBe(1);
    jest.advanceTimersByTime(1);
    expect(isBulkheadFullError(await late)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    gate.resolve('ok');
    await expect(first).resolves.toBe('ok');
    expect(b.snapshot()).toMatchObject({ active: 0, queued: 0, rejected: 2, completed: 1 });
  });

  it('clears the wait timer when the queue drains before any deadline', async () => {
    jest.useFakeTimers();
    const b = new BulkheadPolicy({ name: 'w', maxConcurrent: 1, maxQueue: 1, maxWaitMs: 1000 });
    const gate = deferred();
    const first = b.execute(() => gate.promise);
    const queued = b.execute(async () => 'queued');
    expect(jest.getTimerCount()).toBe(1);
    gate.resolve('ok');
    await expect(first).resolves.toBe('ok');
    await expect(queued).resolves.toBe('queued');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never runs more than maxConcurrent at once under a burst', async () => {
    const b = new BulkheadPolicy({ name: 'burst', maxConcurrent: 3, maxQueue: 100 });
    let running = 0;
    let peak = 0;
    const calls = Array.from({ length: 50 }, (_, i) =>
      b.execute(async () => {
        running++;
        peak = Math.max(peak, running);
        await flush();
        running--;
        return i;
      }),
    );
    await expect(Promise.all(calls)).resolves.toEqual([...Array(50).keys()]);
    expect(peak).toBe(3);
  });

  it.each<[string, Partial<BulkheadOptions>, string]>([
    ['missing name', { name: '' }, 'bulkhead.name: must be a non-empty string'],
    ['zero maxConcurrent', { maxConcurrent: 0 }, 'bulkhead.maxConcurrent: must be an integer >= 1, got 0'],
    ['fractional maxConcurrent', { maxConcurrent: 1.5 }, 'bulkhead.maxConcurrent: must be an integer >= 1, got 1.5'],
    ['negative maxQueue', { maxQueue: -1 }, 'bulkhead.maxQueue: must be an integer >= 0, got -1'],
    ['zero maxWaitMs', { maxWaitMs: 0 }, 'bulkhead.maxWaitMs: must be a number from 1 to 2147483647, got 0'],
    ['string maxWaitMs', { maxWaitMs: '5' as unknown as number }, 'bulkhead.maxWaitMs: must be a number from 1 to 2147483647, got "5"'],
  ])('rejects bad options: %s', (_label, override, message) => {
    let error: unknown;
    try {
      new BulkheadPolicy({ name: 'x', maxConcurrent: 1, ...override });
    } catch (e) {
      error = e;
    }
    expect(isResilienceConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
