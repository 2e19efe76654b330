/**
 * A fused run of policies: breakers, bulkheads and at most one timeout that sit next to each
 * other in a composed chain, run as one layer (DESIGN 3a: the composed hot path).
 *
 * Nested, every layer adds its own promise and `then` hop. Here a call is admitted by every gate
 * synchronously (`tryEnter`), the operation runs, and one `then` on its result releases the gates
 * (`leave`) innermost first, exactly where the nested layers' settle handlers would have run. With a
 * timeout in the run, the call owns one outer promise that the timeout's shared ticker can reject
 * early: the gates outside the timeout then leave at once with the `TimeoutError` (as the nested
 * breaker sees it), and the gates inside leave when the operation really ends (as the nested
 * bulkhead frees its slot only then).
 *
 * Anything off the fast lane takes the generic nested chain of the same policies, so behaviour
 * is that chain's: a caller's signal, a breaker that is not closed or measures slow calls, a full
 * bulkhead (its queue) — any gate answering -1 — after the gates already entered give back their
 * admission (nothing else ran in between).
 */
import type { TimeoutError } from './errors.js';
import { NEVER_ABORTED, type Operation, type Policy, type PolicyKind, type Runner } from './policy.js';
import { ArityCache } from './timeout/arity-cache.js';
import { TimedCall } from './timeout/timed-call.js';
import { isThenable } from './is-thenable.js';

/** @internal A policy that admits and releases a call synchronously (circuit breaker, bulkhead). */
export interface Gate extends Policy {
  /** Admits a call on the fast lane and returns its ticket (>= 0), or -1 having changed nothing. */
  tryEnter(): number;
  /** Gives back an admission whose call never started (a gate further in refused). */
  cancelEnter(ticket: number): void;
  /** The admitted call ended with `outcome` (a value when `ok`, else the error). Never throws. */
  leave(ticket: number, ok: boolean, outcome: unknown): void;
}

/** @internal A timeout that can watch a call it did not start. */
export interface Watch extends Policy {
  watch(call: TimedCall): void;
  /** Stops watching; false when the call already timed out. */
  unwatch(call: TimedCall): boolean;
}

export function isGate(policy: Policy): policy is Gate {
  const p = policy as Partial<Gate>;
  return typeof p.tryEnter === 'function' && typeof p.cancelEnter === 'function' && typeof p.leave === 'function';
}

export function isWatch(policy: Policy): policy is Watch {
  const p = policy as Partial<Watch>;
  return typeof p.watch === 'function' && typeof p.unwatch === 'function';
}

/**
 * One call through the run: the gates' tickets, and with a timeout the outer promise's resolvers.
 * The first two tickets are fields (the common runs have one or two gates), so most calls make no
 * array. Its settle handlers are made once per object, and the object is reused (see FusedRun.spare).
 */
class FusedCall extends TimedCall {
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;
  ticket0 = 0;
  ticket1 = 0;
  moreTickets: number[] | null = null;
  readonly onFulfilled: (value: unknown) => unknown;
  readonly onRejected: (error: unknown) => unknown;

  constructor(private readonly run: FusedRun) {
    super();
    this.onFulfilled = (value) => run.settled(this, true, value);
    this.onRejected = (error) => run.settled(this, false, error);
  }

  ticket(i: number): number {
    return i === 0 ? this.ticket0 : i === 1 ? this.ticket1 : this.moreTickets![i - 2];
  }

  setTicket(i: number, ticket: number): void {
    if (i === 0) this.ticket0 = ticket;
    else if (i === 1) this.ticket1 = ticket;
    else (this.moreTickets ??= [])[i - 2] = ticket;
  }

  timedOut(error: TimeoutError): void {
    this.run.timedOut(this, error);
  }
}

const noop = (): void => undefined;

/** Enough for the calls in flight at once under usual concurrency; beyond it, finished calls are garbage. */
const MAX_SPARE_CALLS = 64;

// `new Promise(executor)` with an executor made once: the resolvers land on the call being started.
let starting: FusedCall;
const captureResolvers = (resolve: (value: unknown) => void, reject: (error: unknown) => void): void => {
  starting.resolve = resolve;
  starting.reject = reject;
};

export class FusedRun implements Policy {
  readonly kind: PolicyKind;
  private readonly gates: Gate[] = [];
  private readonly watcher: Watch | undefined;
  /** Gates before this index sit outside the timeout, the rest inside it. */
  private readonly split: number;

  /**
   * Finished calls kept for reuse, so a call allocates no call object and no handlers. Only calls
   * whose operation has settled come back (a timed-out call whose operation still runs does not).
   */
  private readonly spare: FusedCall[] = [];
  private readonly arity = new ArityCache();

  /**
   * `policies`, outermost first, are gates and at most one watch; `generic` runs them nested.
   */
  constructor(
    policies: readonly Policy[],
    private readonly generic: Runner,
  ) {
    this.kind = policies[0].kind;
    let watcher: Watch | undefined;
    let split = -1;
    for (const p of policies) {
      if (isGate(p)) {
        this.gates.push(p);
      } else if (isWatch(p) && watcher === undefined) {
        watcher = p;
        split = this.gates.length;
      } else {
        throw new TypeError(`FusedRun: policy of kind ${p.kind} cannot be fused`);
      }
    }
    this.watcher = watcher;
    this.split = split < 0 ? this.gates.length : split;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    if (signal !== undefined && signal !== NEVER_ABORTED) return this.generic(fn, signal);
    return this.admit(fn, false, signal) as Promise<T>;
  }

  /**
   * As `execute`, but when `fn` returns a plain value (not a thenable) the call ends there and then:
   * every gate leaves with that value, the deadline is dropped, and the value comes back as it is,
   * with no promise. For callers that accept either (the HTTP route binding: a synchronous handler
   * would otherwise pay a promise and a microtask for nothing). Rejections still come as promises.
   *
   * `takesSignal`, when the caller knows it, says whether `fn` reads its signal, instead of
   * `fn.length` through the arity cache: a caller that makes a new closure per call would miss the
   * cache every time, and keep the shared 1 ms ticker running for nothing.
   */
  executeInline<T>(fn: Operation<T>, takesSignal?: boolean): T | Promise<T> {
    return this.admit(fn, true, undefined, takesSignal);
  }

  private admit<T>(fn: Operation<T>, inline: boolean, signal: AbortSignal | undefined, takesSignal?: boolean): T | Promise<T> {
    const gates = this.gates;
    const call = this.spare.pop() ?? new FusedCall(this);
    for (let i = 0; i < gates.length; i++) {
      const ticket = gates[i].tryEnter();
      if (ticket < 0) {
        while (i-- > 0) gates[i].cancelEnter(call.ticket(i));
        this.recycle(call);
        return this.generic(fn, signal);
      }
      call.setTicket(i, ticket);
    }
    if (this.watcher === undefined) return this.runGated(fn, call, inline);
    return this.runWatched(fn, call, this.watcher, inline, takesSignal ?? this.arity.of(fn) !== 0);
  }

  /** A plain value from an inline call: every gate leaves now, as if a promise had resolved to it. */
  private endInline<T>(call: FusedCall, value: T): T {
    this.leave(call, 0, true, value);
    this.recycle(call);
    return value;
  }

  /** No timeout: the gates leave when the operation settles. */
  private runGated<T>(fn: Operation<T>, call: FusedCall, inline: boolean): T | Promise<T> {
    let result: PromiseLike<T> | T;
    try {
      result = fn(NEVER_ABORTED);
    } catch (error) {
      this.leave(call, 0, false, error);
      this.recycle(call);
      return Promise.reject(error);
    }
    if (inline && !isThenable(result)) return this.endInline(call, result);
    return Promise.resolve(result).then(call.onFulfilled, call.onRejected) as Promise<T>;
  }

  /**
   * With a timeout. The call is watched only once `fn` has returned a thenable: a call that throws or
   * (inline) answers synchronously cannot be late, and needs no watch and no ticker. Watching after
   * the synchronous part is still never early: no tick can run while `fn` runs, so the bucket it
   * joins is the one that was open when it started.
   */
  private runWatched<T>(fn: Operation<T>, call: FusedCall, watcher: Watch, inline: boolean, takesSignal: boolean): T | Promise<T> {
    let result: PromiseLike<T> | T;
    try {
      // A signal only for an operation that can read it (DESIGN 3a); NEVER_ABORTED otherwise.
      result = takesSignal ? fn((call.controller = new AbortController()).signal) : fn(NEVER_ABORTED);
    } catch (error) {
      this.leave(call, 0, false, error);
      this.recycle(call);
      return Promise.reject(error);
    }
    if (inline && !isThenable(result)) return this.endInline(call, result);
    watcher.watch(call);
    starting = call;
    const outer = new Promise<T>(captureResolvers as (resolve: (value: T) => void, reject: (error: unknown) => void) => void);
    // Promise.resolve: a native promise as is; any other value or thenable (which might call back
    // twice) becomes one, so the handlers run exactly once, as behind the nested bulkhead.
    Promise.resolve(result).then(call.onFulfilled, call.onRejected);
    return outer;
  }

  /**
   * The operation ended. Without a timeout: every gate leaves and the outcome passes on (the
   * handlers' promise is the caller's). With one: the inner gates leave; if the deadline had not
   * passed, so do the outer ones and the caller's promise settles.
   */
  settled(call: FusedCall, ok: boolean, outcome: unknown): unknown {
    if (this.watcher === undefined) {
      this.leave(call, 0, ok, outcome);
      this.recycle(call);
      if (ok) return outcome;
      throw outcome;
    }
    this.leave(call, this.split, ok, outcome);
    // Timed out already: the outer gates left with the TimeoutError and the caller has it.
    if (this.watcher.unwatch(call)) {
      this.leave(call, 0, ok, outcome, this.split);
      if (ok) call.resolve(outcome);
      else call.reject(outcome);
    }
    this.recycle(call);
    return undefined;
  }

  /** Called by the timeout at the deadline: the operation is still running inside the inner gates. */
  timedOut(call: FusedCall, error: TimeoutError): void {
    call.controller?.abort(error);
    this.leave(call, 0, false, error, this.split);
    call.reject(error);
  }

  private recycle(call: FusedCall): void {
    call.resolve = noop;
    call.reject = noop;
    call.controller = undefined;
    call.bucket = null;
    if (this.spare.length < MAX_SPARE_CALLS) this.spare.push(call);
  }

  /** Gates `from` to `to` (exclusive) leave, innermost first. */
  private leave(call: FusedCall, from: number, ok: boolean, outcome: unknown, to = this.gates.length): void {
    const gates = this.gates;
    for (let i = to - 1; i >= from; i--) gates[i].leave(call.ticket(i), ok, outcome);
  }
}
