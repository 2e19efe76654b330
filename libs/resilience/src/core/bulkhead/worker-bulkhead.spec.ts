import { BulkheadFullError, isBulkheadFullError, isResilienceConfigError } from '../errors.js';
import { WorkerBulkhead } from './worker-bulkhead.js';

const workerFile = new URL('./fixtures/blocking-worker.mjs', import.meta.url);
const RUNNING = 0;
const PEAK = 1;
const RELEASE = 2;
const STARTED = 3;

// Atomics.waitAsync (Node 16+) is missing from the ES2023 lib typings.
type WaitAsync = (cells: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolves once `count` tasks have started in workers, woken by the workers' Atomics.notify (no polling sleep). */
async function waitForStarted(cells: Int32Array, count: number): Promise<void> {
  for (let started = Atomics.load(cells, STARTED); started < count; started = Atomics.load(cells, STARTED)) {
    const waiting = waitAsync(cells, STARTED, started);
    if (waiting.async) await waiting.value;
  }
}

describe('WorkerBulkhead', () => {
  let bulkhead: WorkerBulkhead | undefined;
  afterEach(async () => {
    await bulkhead?.close();
    bulkhead = undefined;
  });

  it('runs tasks off the event loop, at most maxConcurrent at once, queues then rejects the excess', async () => {
    bulkhead = new WorkerBulkhead({ name: 'cpu', filename: workerFile, maxConcurrent: 2, maxQueue: 1, minThreads: 2 });
    const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
    const cells = new Int32Array(shared);
    const running = [bulkhead.run<number>({ shared }), bulkhead.run<number>({ shared })];
    const queued = bulkhead.run<number>({ shared });
    const rejected = bulkhead.run<number>({ shared }).catch((e: unknown) => e);
    expect(isBulkheadFullError(await rejected)).toBe(true);
    expect((await rejected) as BulkheadFullError).toMatchObject({ bulkheadName: 'cpu', active: 2, queued: 1 });

    await waitForStarted(cells, 2);
    // Both threads are busy, yet the event loop still turns: timers and I/O callbacks run.
    let turns = 0;
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(() => resolve(void turns++)));
    expect(turns).toBe(20);
    expect(Atomics.load(cells, RUNNING)).toBe(2);
    expect(bulkhead.snapshot()).toMatchObject({ name: 'cpu', active: 2, queued: 1, maxConcurrent: 2, maxQueue: 1, rejected: 1 });

    Atomics.store(cells, RELEASE, 1);
    Atomics.notify(cells, RELEASE);
    const results = await Promise.all([...running, queued]);
    expect(results.every((r) => r >= 1 && r <= 2)).toBe(true);
    expect(Atomics.load(cells, PEAK)).toBe(2);
    expect(Atomics.load(cells, STARTED)).toBe(3);
    expect(bulkhead.snapshot()).toMatchObject({ active: 0, queued: 0, completed: 3, failed: 0, rejected: 1 });
  });

  it('calls a named export and reports failures', async () => {
    bulkhead = new WorkerBulkhead({ name: 'cpu', filename: workerFile, maxConcurrent: 1 });
    await expect(bulkhead.run<number>({ n: 7 }, { name: 'square' })).resolves.toBe(49);
    await expect(bulkhead.run({ n: 1 }, { name: 'missing' })).rejects.toThrow();
    expect(bulkhead.snapshot()).toMatchObject({ completed: 1, failed: 1 });
  });

  it('lets an aborted caller leave the queue', async () => {
    bulkhead = new WorkerBulkhead({ name: 'cpu', filename: workerFile, maxConcurrent: 1, maxQueue: 1 });
    const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
    const cells = new Int32Array(shared);
    const first = bulkhead.run({ shared });
    const controller = new AbortController();
    const queued = bulkhead.run({ shared }, { signal: controller.signal });
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect(bulkhead.snapshot().queued).toBe(0);
    Atomics.store(cells, RELEASE, 1);
    Atomics.notify(cells, RELEASE);
    await expect(first).resolves.toBe(1);
    expect(Atomics.load(cells, STARTED)).toBe(1);
  });

  it('rejects bad options naming the key', () => {
    let error: unknown;
    try {
      new WorkerBulkhead({ name: 'cpu', filename: '', maxConcurrent: 0, minThreads: -1 });
    } catch (e) {
      error = e;
    }
    expect(isResilienceConfigError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('workerBulkhead.filename: must be a path or file URL of the worker module');
    expect(message).toContain('workerBulkhead.maxConcurrent: must be an integer >= 1, got 0');
    expect(message).toContain('workerBulkhead.minThreads');
  });
});
