import { TimeoutError } from '../errors.js';
import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import { LinkedQueue } from '../bulkhead/linked-queue.js';
import { MAX_TIMER_MS } from '../bulkhead/bulkhead-options.js';
import { coarseTicker, TICK_MS, type TickClient } from './coarse-ticker.js';
import { ArityCache } from './arity-cache.js';
import { Bucket, TimedCall } from './timed-call.js';
import { isThenable } from '../is-thenable.js';

export interface TimeoutOptions {
  /** How long a call may take, in ms, before it is rejected with `TimeoutError` and its signal aborted. */
  timeoutMs: number;
  /** Name used in the error message. */
  name?: string;
}

/** A call of the policy's own `execute`: it owns the outer promise and may follow the caller's signal. */
class PendingCall extends TimedCall {
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;
  callerSignal: AbortSignal | undefined = undefined;
  onCallerAbort: (() => void) | undefined = undefined;

  timedOut(error: TimeoutError): void {
    this.stopFollowing();
    this.controller?.abort(error);
    this.reject(error);
  }

  stopFollowing(): void {
    if (this.onCallerAbort !== undefined) this.callerSignal!.removeEventListener('abort', this.onCallerAbort);
  }
}

const noop = (): void => undefined;

// `new Promise(executor)` with an executor made once: the resolvers land on the call being started.
let starting: PendingCall;
const captureResolvers = (resolve: (value: unknown) => void, reject: (error: unknown) => void): void => {
  starting.resolve = resolve;
  starting.reject = reject;
};

/**
 * Rejects a call with `TimeoutError` when it runs longer than `timeoutMs`, and aborts the signal it
 * handed the operation with that same error. If the caller's signal aborts first, the call is
 * rejected at once with its reason (and the signal handed on is aborted too). A late settle of the
 * operation after the deadline is absorbed: no unhandled rejection.
 *
 * Cost choices (DESIGN 3a: `setTimeout` ~0.6 µs, `Date.now()` ~50 ns, materialising an AbortSignal
 * ~2-3 µs, against ~80 ns for the call itself):
 * - No timer and no clock read per call. Calls join the policy's open bucket; the shared 1 ms
 *   ticker (coarse-ticker.ts) closes the bucket, stamping it with the time of that tick, which is
 *   no earlier than any of its calls started. A bucket's calls time out at `closedAt + timeoutMs`:
 *   never early, at most about two ticks (plus event-loop lag, as any timer) late. Calls are kept
 *   in one FIFO in bucket order, so expiry only looks at the head.
 * - The AbortController is created only when the operation can read the signal: a function
 *   declared without a parameter (`fn.length === 0`) cannot, so it gets the caller's signal (or
 *   `NEVER_ABORTED`) and is simply rejected at the deadline. `composePolicies` keeps this working
 *   through a chain by handing inner policies a zero-length wrapper for zero-length operations.
 *   An operation declared `(signal) => ...` gets a fresh signal that aborts at the deadline and
 *   follows the caller's signal.
 */
export class TimeoutPolicy implements Policy, TickClient {
  readonly kind = 'timeout' as const;
  readonly timeoutMs: number;
  readonly name: string | undefined;
  /** How late, at most, a timeout fires (ignoring event-loop lag): two ticks of the shared timer. */
  readonly resolutionMs = 2 * TICK_MS;

  private readonly inFlight = new LinkedQueue<TimedCall>();
  private openBucket = new Bucket();
  private openBucketUsed = false;
  private ticking = false;
  private readonly arity = new ArityCache();

  constructor(options: TimeoutOptions) {
    const checker = new OptionChecker('timeout');
    checker.rule(options?.timeoutMs !== undefined, 'timeoutMs', 'is required');
    checker.number('timeoutMs', options?.timeoutMs, 1, MAX_TIMER_MS);
    checker.rule(options?.name === undefined || typeof options.name === 'string', 'name', 'must be a string');
    checker.throwIfInvalid(`Invalid options for timeout${options?.name ? ` "${options.name}"` : ''}`);
    this.timeoutMs = options.timeoutMs;
    this.name = options.name;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    const follows = signal !== undefined && signal !== NEVER_ABORTED;
    if (follows && signal.aborted) return Promise.reject(signal.reason);
    // Join the bucket before the operation starts: its closing tick then comes after the start.
    const bucket = this.joinBucket();
    let controller: AbortController | undefined;
    let result: PromiseLike<T> | T;
    try {
      if (this.arity.of(fn) === 0) {
        result = fn(signal ?? NEVER_ABORTED);
      } else {
        controller = new AbortController();
        result = fn(controller.signal);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    // A synchronous answer cannot be late.
    if (!isThenable(result)) return Promise.resolve(result);

    const call = new PendingCall();
    call.controller = controller;
    starting = call;
    const outer = new Promise<T>(captureResolvers as (resolve: (value: T) => void, reject: (error: unknown) => void) => void);
    if (follows) this.followCaller(call, signal);
    this.track(call, bucket);
    result.then(
      (value) => this.settle(call, value, true),
      (error: unknown) => this.settle(call, error, false),
    );
    return outer;
  }

  /**
   * @internal For fused chains (fused-run.ts): starts watching `call`, which the caller is about to
   * start. At the deadline the call leaves the watch and `call.timedOut` runs.
   */
  watch(call: TimedCall): void {
    this.track(call, this.joinBucket());
  }

  /** @internal Stops watching `call`; false when it had already timed out (or was never watched). */
  unwatch(call: TimedCall): boolean {
    if (!call.linked) return false;
    this.inFlight.remove(call);
    return true;
  }

  private joinBucket(): Bucket {
    this.openBucketUsed = true;
    return this.openBucket;
  }

  private track(call: TimedCall, bucket: Bucket): void {
    call.bucket = bucket;
    this.inFlight.push(call);
    if (!this.ticking) {
      this.ticking = true;
      coarseTicker.add(this);
    }
  }

  /** Closes the open bucket and rejects the calls whose deadline passed. Called by the shared ticker. */
  tick(now: number): boolean {
    if (this.openBucketUsed) {
      this.openBucket.closedAt = now;
      this.openBucket = new Bucket();
      this.openBucketUsed = false;
    }
    const due = now - this.timeoutMs;
    for (let head = this.inFlight.peek(); head !== null; head = this.inFlight.peek()) {
      const closedAt = head.bucket!.closedAt;
      if (closedAt < 0 || closedAt > due) break;
      this.inFlight.remove(head);
      head.timedOut(new TimeoutError(this.timeoutMs, this.name === undefined ? 'Operation' : `Operation "${this.name}"`));
    }
    this.ticking = this.inFlight.size > 0;
    return this.ticking;
  }

  private followCaller(call: PendingCall, signal: AbortSignal): void {
    call.callerSignal = signal;
    call.onCallerAbort = () => {
      if (!call.linked) return;
      this.inFlight.remove(call);
      call.stopFollowing();
      call.controller?.abort(signal.reason);
      call.reject(signal.reason);
    };
    signal.addEventListener('abort', call.onCallerAbort, { once: true });
  }

  private settle(call: PendingCall, outcome: unknown, ok: boolean): void {
    // Already timed out or abandoned by the caller: the outer promise is settled; drop the outcome.
    if (!call.linked) return;
    this.inFlight.remove(call);
    call.stopFollowing();
    if (ok) call.resolve(outcome);
    else call.reject(outcome);
  }
}
