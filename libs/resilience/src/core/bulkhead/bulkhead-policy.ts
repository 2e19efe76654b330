import { BulkheadFullError } from '../errors.js';
import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import { checkBulkheadLimits, type BulkheadLimits, type BulkheadSnapshot } from './bulkhead-options.js';
import { LinkedQueue, ListNode } from './linked-queue.js';

export type BulkheadOptions = BulkheadLimits;
export type BulkheadRejectionListener = (error: BulkheadFullError) => void;

/** A call waiting for a slot. */
class QueuedCall extends ListNode {
  onAbort: (() => void) | undefined = undefined;

  constructor(
    readonly fn: Operation<unknown>,
    readonly signal: AbortSignal,
    /** Date.now() after which the call is rejected; Infinity without maxWaitMs. */
    readonly deadline: number,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {
    super();
  }
}

/**
 * A semaphore bulkhead: at most `maxConcurrent` calls run at once, up to `maxQueue` more wait in
 * FIFO order, and the rest are rejected with `BulkheadFullError`.
 *
 * Hot path: an uncontended call is one counter check, the call and one `then` with handlers made
 * once per bulkhead, so it allocates nothing of ours. Queued calls share one timer for `maxWaitMs`:
 * the queue is FIFO and the wait is the same for all, so deadlines are in queue order and only
 * the head's needs a timer.
 */
export class BulkheadPolicy implements Policy {
  readonly kind = 'bulkhead' as const;
  readonly name: string;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly maxWaitMs: number | undefined;

  private active = 0;
  private rejected = 0;
  private completed = 0;
  private failed = 0;
  private readonly queue = new LinkedQueue<QueuedCall>();
  private readonly rejectionListeners: BulkheadRejectionListener[] = [];
  private waitTimer: NodeJS.Timeout | undefined = undefined;

  // Settle handlers, made once: the hot path creates no closures.
  private readonly onSuccess = (value: unknown): unknown => {
    this.active--;
    this.completed++;
    if (this.queue.size > 0) this.drain();
    return value;
  };
  private readonly onFailure = (error: unknown): never => {
    this.active--;
    this.failed++;
    if (this.queue.size > 0) this.drain();
    throw error;
  };
  private readonly onWaitTimer = (): void => this.expireWaits();

  constructor(options: BulkheadOptions) {
    const checker = new OptionChecker('bulkhead');
    checkBulkheadLimits(checker, options ?? ({} as BulkheadOptions));
    checker.throwIfInvalid(`Invalid options for bulkhead "${options?.name ?? '?'}"`);
    this.name = options.name;
    this.maxConcurrent = options.maxConcurrent;
    this.maxQueue = options.maxQueue ?? 0;
    this.maxWaitMs = options.maxWaitMs;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    if (signal !== undefined && signal !== NEVER_ABORTED && signal.aborted) return Promise.reject(signal.reason);
    // A free slot goes to the queue's head first, so a newcomer never jumps the line.
    if (this.active < this.maxConcurrent && this.queue.size === 0) return this.run(fn, signal ?? NEVER_ABORTED);
    return this.enqueue(fn, signal ?? NEVER_ABORTED);
  }

  /**
   * @internal Fast lane for fused chains (fused-run.ts): takes a slot if one is free and nobody
   * waits, returning ticket 0; otherwise changes nothing and returns -1 (take `execute`).
   */
  tryEnter(): number {
    if (this.active >= this.maxConcurrent || this.queue.size > 0) return -1;
    this.active++;
    return 0;
  }

  /** @internal Gives back a slot taken by `tryEnter` for a call that never started. */
  cancelEnter(_ticket: number): void {
    this.active--;
  }

  /** @internal The call admitted by `tryEnter` ended: frees its slot, as `execute`'s settle handlers do. */
  leave(_ticket: number, ok: boolean, _outcome: unknown): void {
    this.active--;
    if (ok) this.completed++;
    else this.failed++;
    if (this.queue.size > 0) this.drain();
  }

  snapshot(): BulkheadSnapshot {
    return {
      name: this.name,
      active: this.active,
      queued: this.queue.size,
      maxConcurrent: this.maxConcurrent,
      maxQueue: this.maxQueue,
      rejected: this.rejected,
      completed: this.completed,
      failed: this.failed,
    };
  }

  /** Calls `listener` with each rejection (no room, or the wait ran out). Returns a disposer. */
  onRejection(listener: BulkheadRejectionListener): () => void {
    this.rejectionListeners.push(listener);
    return () => {
      const i = this.rejectionListeners.indexOf(listener);
      if (i >= 0) this.rejectionListeners.splice(i, 1);
    };
  }

  private run<T>(fn: Operation<T>, signal: AbortSignal): Promise<T> {
    this.active++;
    let result: PromiseLike<T> | T;
    try {
      result = fn(signal);
    } catch (error) {
      // A synchronous throw frees the slot at once, like a rejection.
      this.active--;
      this.failed++;
      if (this.queue.size > 0) this.drain();
      return Promise.reject(error);
    }
    return Promise.resolve(result).then(this.onSuccess, this.onFailure) as Promise<T>;
  }

  private enqueue<T>(fn: Operation<T>, signal: AbortSignal): Promise<T> {
    if (this.queue.size >= this.maxQueue) return Promise.reject(this.rejection('full'));
    return new Promise<T>((resolve, reject) => {
      const deadline = this.maxWaitMs === undefined ? Infinity : Date.now() + this.maxWaitMs;
      const call = new QueuedCall(fn as Operation<unknown>, signal, deadline, resolve as (value: unknown) => void, reject);
      if (signal !== NEVER_ABORTED) {
        call.onAbort = () => this.leaveQueue(call, signal.reason);
        signal.addEventListener('abort', call.onAbort, { once: true });
      }
      this.queue.push(call);
      if (this.maxWaitMs !== undefined && this.waitTimer === undefined) this.armWaitTimer(this.maxWaitMs);
    });
  }

  /** Starts queued calls while there are free slots. */
  private drain(): void {
    while (this.active < this.maxConcurrent) {
      const call = this.queue.shift();
      if (call === null) break;
      this.detach(call);
      call.resolve(this.run(call.fn, call.signal));
    }
    if (this.queue.size === 0) this.disarmWaitTimer();
  }

  private leaveQueue(call: QueuedCall, reason: unknown): void {
    if (!call.linked) return;
    this.queue.remove(call);
    this.detach(call);
    if (this.queue.size === 0) this.disarmWaitTimer();
    call.reject(reason);
  }

  private detach(call: QueuedCall): void {
    if (call.onAbort !== undefined) call.signal.removeEventListener('abort', call.onAbort);
    call.onAbort = undefined;
  }

  /** Rejects every queued call whose wait ran out (they are at the head), then re-arms for the next. */
  private expireWaits(): void {
    this.waitTimer = undefined;
    const now = Date.now();
    for (let head = this.queue.peek(); head !== null && head.deadline <= now; head = this.queue.peek()) {
      this.queue.remove(head);
      this.detach(head);
      head.reject(this.rejection('wait timed out'));
    }
    const head = this.queue.peek();
    if (head !== null) this.armWaitTimer(head.deadline - now);
  }

  private armWaitTimer(delayMs: number): void {
    // Unref'd: a waiting call must not keep the process alive on its own.
    this.waitTimer = setTimeout(this.onWaitTimer, Math.max(1, delayMs)).unref();
  }

  private disarmWaitTimer(): void {
    if (this.waitTimer === undefined) return;
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
  }

  private rejection(reason: string): BulkheadFullError {
    this.rejected++;
    const error = BulkheadFullError.create(this.name, this.active, this.queue.size, this.maxConcurrent, this.maxQueue, reason);
    for (const listener of this.rejectionListeners) {
      try {
        listener(error);
      } catch {
        // A listener (metrics, logging) must not change the outcome of the call.
      }
    }
    return error;
  }
}
