import { ResilienceError } from '../errors.js';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  enqueuedAt: number;
  settled: boolean;
}

/**
 * A FIFO counting semaphore for pool connections. Callers beyond the limit wait, each for at
 * most `acquireTimeoutMs`, then fail with `POOL_ACQUIRE_TIMEOUT`; a caller whose signal aborts
 * leaves the queue. The fast path (a free permit) allocates nothing but the resolved promise.
 */
export class AcquireQueue {
  private free: number;
  private readonly waiters: Waiter[] = [];
  private head = 0;
  private closed = false;
  /** Callers waiting now. */
  waiting = 0;
  totalAcquired = 0;
  acquireWaitMsTotal = 0;
  acquireTimeouts = 0;

  constructor(
    readonly permits: number,
    private readonly acquireTimeoutMs: number,
    private readonly describe: () => string,
  ) {
    this.free = permits;
  }

  /** Permits in use now. */
  get inUse(): number {
    return this.permits - this.free;
  }

  /** Takes a permit if one is free, without waiting. */
  tryAcquire(): boolean {
    if (this.closed || this.free === 0 || this.waiting > 0) return false;
    this.free--;
    this.totalAcquired++;
    return true;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new ResilienceError('POOL_CLOSED', `${this.describe()} is closed`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: undefined,
        signal,
        onAbort: undefined,
        enqueuedAt: performance.now(),
        settled: false,
      };
      waiter.timer = setTimeout(() => {
        this.acquireTimeouts++;
        this.abandon(
          waiter,
          new ResilienceError(
            'POOL_ACQUIRE_TIMEOUT',
            `${this.describe()}: no connection free within acquireTimeout ${this.acquireTimeoutMs} ms (${this.permits} in use, ${this.waiting} waiting)`,
          ),
        );
      }, this.acquireTimeoutMs);
      waiter.timer.unref();
      if (signal) {
        waiter.onAbort = () => this.abandon(waiter, signal.reason);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.waiting++;
    });
  }

  /** Returns a permit: the longest waiter gets it, or it becomes free. */
  release(): void {
    while (this.head < this.waiters.length) {
      const waiter = this.waiters[this.head];
      this.waiters[this.head++] = undefined as unknown as Waiter;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters.splice(0, this.head);
        this.head = 0;
      }
      if (waiter.settled) continue;
      this.settle(waiter);
      this.waiting--;
      this.totalAcquired++;
      this.acquireWaitMsTotal += performance.now() - waiter.enqueuedAt;
      waiter.resolve();
      return;
    }
    if (this.free < this.permits) this.free++;
  }

  /** Rejects every waiter with `POOL_CLOSED`; later acquisitions fail at once. */
  close(): void {
    this.closed = true;
    const error = new ResilienceError('POOL_CLOSED', `${this.describe()} is closed`);
    for (let i = this.head; i < this.waiters.length; i++) {
      const waiter = this.waiters[i];
      if (waiter && !waiter.settled) this.abandon(waiter, error);
    }
    this.waiters.length = 0;
    this.head = 0;
  }

  private abandon(waiter: Waiter, error: unknown): void {
    if (waiter.settled) return;
    this.settle(waiter);
    this.waiting--;
    waiter.reject(error);
  }

  private settle(waiter: Waiter): void {
    waiter.settled = true;
    if (waiter.timer) clearTimeout(waiter.timer);
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
  }
}
