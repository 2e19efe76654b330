import { Piscina } from 'piscina';
import { NEVER_ABORTED } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import { checkBulkheadLimits, type BulkheadLimits, type BulkheadSnapshot } from './bulkhead-options.js';
import { BulkheadPolicy, type BulkheadRejectionListener } from './bulkhead-policy.js';

export interface WorkerBulkheadOptions extends BulkheadLimits {
  /** The worker module (path or file URL); its default export (or the export named by `run`'s `name`) runs each task. */
  filename: string | URL;
  /** Threads kept alive when idle. Default 1 (at most maxConcurrent). */
  minThreads?: number;
  /** How long an idle thread above minThreads lives, ms. Default 30000. */
  idleTimeoutMs?: number;
}

export interface WorkerRunOptions {
  /** Export of the worker module to call; its default export when absent. */
  name?: string;
  /** Aborting leaves the queue, or stops the running task (piscina ends its thread). */
  signal?: AbortSignal;
}

/**
 * A bulkhead for CPU-heavy work: tasks run in worker threads (piscina), off the event loop, under the
 * same limits as `BulkheadPolicy`. `maxConcurrent` is the thread count; admission, the FIFO queue,
 * `maxWaitMs`, aborts and counters are a `BulkheadPolicy`'s, so both behave and report alike and
 * piscina's own queue never holds more than the calls just admitted.
 */
export class WorkerBulkhead {
  readonly name: string;
  private readonly limiter: BulkheadPolicy;
  private readonly pool: Piscina;
  private closed = false;

  constructor(options: WorkerBulkheadOptions) {
    const checker = new OptionChecker('workerBulkhead');
    checkBulkheadLimits(checker, options ?? ({} as WorkerBulkheadOptions));
    checker.rule(
      typeof options?.filename === 'string' ? options.filename.length > 0 : options?.filename instanceof URL,
      'filename',
      'must be a path or file URL of the worker module',
    );
    checker.integer('minThreads', options?.minThreads, 0, typeof options?.maxConcurrent === 'number' ? options.maxConcurrent : undefined);
    checker.integer('idleTimeoutMs', options?.idleTimeoutMs, 0);
    checker.throwIfInvalid(`Invalid options for worker bulkhead "${options?.name ?? '?'}"`);
    this.name = options.name;
    this.limiter = new BulkheadPolicy({
      name: options.name,
      maxConcurrent: options.maxConcurrent,
      maxQueue: options.maxQueue,
      maxWaitMs: options.maxWaitMs,
    });
    this.pool = new Piscina({
      filename: options.filename instanceof URL ? options.filename.href : options.filename,
      name: 'default',
      maxThreads: options.maxConcurrent,
      minThreads: options.minThreads ?? Math.min(1, options.maxConcurrent),
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      concurrentTasksPerWorker: 1,
    });
  }

  /** Runs `task` in a worker, or rejects with `BulkheadFullError` when threads and queue are full. */
  run<T>(task: unknown, opts: WorkerRunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`Worker bulkhead "${this.name}" is closed`));
    return this.limiter.execute(
      (signal) => this.pool.run(task, { name: opts.name ?? 'default', signal: signal === NEVER_ABORTED ? null : signal }) as Promise<T>,
      opts.signal,
    );
  }

  snapshot(): BulkheadSnapshot {
    return this.limiter.snapshot();
  }

  onRejection(listener: BulkheadRejectionListener): () => void {
    return this.limiter.onRejection(listener);
  }

  /** Stops accepting tasks, waits for running ones, and ends the threads. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }
}
