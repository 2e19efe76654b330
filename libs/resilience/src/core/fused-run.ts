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
import { TimedCall } from './timeout/timed-call.js';

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

/** A call of a run with a timeout: holds the outer promise's resolvers and the gates' tickets. */
class FusedCall extends TimedCall {
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;

  constructor(
    private readonly run: FusedRun,
    readonly tickets: number[],
  ) {
    super();
  }

  timedOut(error: TimeoutError): void {
    this.run.timedOut(this, error);
  }
}

const noop = (): void => undefined;

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
    const gates = this.gates;
    const tickets = new Array<number>(gates.length);
    for (let i = 0; i < gates.length; i++) {
      const ticket = gates[i].tryEnter();
      if (ticket < 0) {
        while (i-- > 0) gates[i].cancelEnter(tickets[i]);
        return this.generic(fn, signal);
      }
      tickets[i] = ticket;
    }
    return this.watcher === undefined ? this.runGated(fn, tickets) : this.runWatched(fn, tickets, this.watcher);
  }

  /** No timeout: the gates leave when the operation settles. */
  private runGated<T>(fn: Operation<T>, tickets: number[]): Promise<T> {
    let result: PromiseLike<T> | T;
    try {
      result = fn(NEVER_ABORTED);
    } catch (error) {
      this.leave(tickets, 0, false, error);
      return Promise.reject(error);
    }
    return Promise.resolve(result).then(
      (value) => {
        this.leave(tickets, 0, true, value);
        return value;
      },
      (error: unknown) => {
        this.leave(tickets, 0, false, error);
        throw error;
      },
    );
  }

  private runWatched<T>(fn: Operation<T>, tickets: number[], watcher: Watch): Promise<T> {
    const call = new FusedCall(this, tickets);
    // Watched before it starts, as the timeout's own calls: the deadline can only be late, never early.
    watcher.watch(call);
    let result: PromiseLike<T> | T;
    try {
      // A signal only for an operation that can read it (DESIGN 3a); NEVER_ABORTED otherwise.
      result = fn.length === 0 ? fn(NEVER_ABORTED) : fn((call.controller = new AbortController()).signal);
    } catch (error) {
      watcher.unwatch(call);
      this.leave(tickets, 0, false, error);
      return Promise.reject(error);
    }
    if (!isThenable(result)) {
      watcher.unwatch(call);
      this.leave(tickets, 0, true, result);
      return Promise.resolve(result);
    }
    starting = call;
    const outer = new Promise<T>(captureResolvers as (resolve: (value: T) => void, reject: (error: unknown) => void) => void);
    result.then(
      (value) => this.settled(call, true, value),
      (error: unknown) => this.settled(call, false, error),
    );
    return outer;
  }

  /** The operation ended: inner gates leave; if the deadline had not passed, so do the outer ones. */
  private settled(call: FusedCall, ok: boolean, outcome: unknown): void {
    this.leave(call.tickets, this.split, ok, outcome);
    // Timed out already: the outer gates left with the TimeoutError and the caller has it.
    if (!this.watcher!.unwatch(call)) return;
    this.leave(call.tickets, 0, ok, outcome, this.split);
    if (ok) call.resolve(outcome);
    else call.reject(outcome);
  }

  /** Called by the timeout at the deadline: the operation is still running inside the inner gates. */
  timedOut(call: FusedCall, error: TimeoutError): void {
    call.controller?.abort(error);
    this.leave(call.tickets, 0, false, error, this.split);
    call.reject(error);
  }

  /** Gates `from` to `to` (exclusive) leave, innermost first. */
  private leave(tickets: number[], from: number, ok: boolean, outcome: unknown, to = this.gates.length): void {
    const gates = this.gates;
    for (let i = to - 1; i >= from; i--) gates[i].leave(tickets[i], ok, outcome);
  }
}

function isThenable<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<T>).then === 'function';
}
