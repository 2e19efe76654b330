/**
 * Builds the function that replaces a decorated method. Everything is decided once, here, at init:
 * the composed policy, the fallback, the result kind. A call then costs what calling the composed
 * policy directly costs, plus one function call (measured by bench/suites/nest-decorators.ts):
 * - Arity-specialised wrappers: `(a, b, c, d)` parameters and a switch on `arguments.length`
 *   (which V8 reads without materialising `arguments`) instead of `...args`, whose array and
 *   `apply` cost ~15 ns a call here. More than four arguments take a generic path.
 * - The only allocation is the operation closure the policy needs (as a direct caller writes
 *   `policy.execute(() => svc.method(a))`), plus the rejection handler when there is a fallback.
 * - The operation takes no parameter, so a `TimeoutPolicy` creates no AbortSignal for it: a
 *   timeout rejects the caller at the deadline; the method is not handed the signal (reading an
 *   AsyncLocalStorage context on every call would cost more than the whole wrapper; see the bench).
 *
 * Result kinds (`ResultKind`, chosen by the explorer):
 * - `promise`: the method returns a Promise or a value (a sync method becomes async: its value and
 *   its throw arrive as a Promise). The policies run at call time, around the call.
 * - `observable`: the wrapper returns an Observable at once and nothing runs until subscription.
 *   Each subscription is one call through the policies: the method is called (again for each retry
 *   attempt) and its Observable subscribed inside them. The values are BUFFERED until the inner
 *   Observable completes, then emitted, then the wrapper completes: retry and fallback must be able
 *   to discard a failed attempt's output, and the breaker and bulkhead count a call when it ends.
 *   Right for single-value Observables (HttpService, most service calls); wrong for streams that
 *   never complete or must emit as they go (nothing would arrive): don't decorate those.
 *   An error (after retries) reaches the subscriber as `error`, or the fallback's values.
 *   Unsubscribing before the end aborts the call's signal: the inner Observable is unsubscribed, a
 *   queued call leaves the bulkhead queue and a running one frees its slot, retries and their
 *   waits stop, and the fallback is not called. The call settles as a rejection with the abort
 *   reason (an `AbortError`), which a breaker does not count by default: the caller gave up, the
 *   dependency did not fail (an explicit `recordOn` can count it).
 * - `detect`: no usable return-type metadata (esbuild/tsx, swc or tsc without emitDecoratorMetadata,
 *   no return type annotation on a sync method, a union or interface type). A call must return a
 *   Promise or an Observable synchronously, and only the method's result tells which; so the FIRST
 *   call of the wrapper calls the method once, directly, to learn its kind, which is then fixed for
 *   every later call (the method must always return the same kind):
 *   - an Observable: returned lazily as above; the probed Observable is the first subscription's
 *     first attempt (cold Observables have done nothing yet, so nothing runs twice);
 *   - anything else: that call's result goes through the policies as its first attempt.
 *   The trade-off, once per wrapped method of each instance: that first call starts before the
 *   policies admit it (an open breaker or a full bulkhead does not stop it, though the breaker
 *   counts its outcome, the timeout bounds it, retries call the method again, and an open breaker's
 *   rejection leaves its result unobserved). The alternatives are worse: probing on every call
 *   would run every call outside the policies, and running the first call inside them cannot tell
 *   the kind synchronously (a queued or rejected call never reaches the method). Declaring the
 *   return type (with emitDecoratorMetadata) or making the method `async` avoids the probe.
 */
import { Observable, isObservable } from 'rxjs';
import { NEVER_ABORTED, type Operation, type Policy } from '../core/policy.js';
import { isThenable } from '../core/is-thenable.js';

type AnyFunction = (this: unknown, ...args: any[]) => any;
export type FallbackHandler = (self: unknown, error: unknown, args: readonly unknown[]) => unknown;

/** What the method returns, as far as init can tell (see the header). */
export type ResultKind = 'promise' | 'observable' | 'detect';

export interface MethodPlan {
  /** The composed policies (outermost first), without the fallback. */
  readonly policy: Policy;
  /** Called with the instance, the error and the original arguments; undefined when none. */
  readonly fallback: FallbackHandler | undefined;
  /** `observable` is wrapped lazily; `detect` learns the kind on the first call. */
  readonly kind: ResultKind;
}

/* eslint-disable @typescript-eslint/no-this-alias, prefer-rest-params -- the wrappers capture `this` for the
   operation closure, and read `arguments.length` (free) instead of rest parameters (an array per call). */

/** Marks functions made here, so a second explorer (two module instances) never wraps twice. */
export const RESILIENCE_WRAPPED = Symbol.for('nest-resilience.wrapped');

/** Runs `fn` with no policy: for methods that only have `@Fallback`. */
export const PASS_THROUGH: Policy = {
  kind: 'fallback',
  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    try {
      return Promise.resolve(fn(signal ?? NEVER_ABORTED));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

export function wrapMethod(original: AnyFunction, plan: MethodPlan): AnyFunction {
  const wrapper =
    plan.kind === 'observable'
      ? observableWrapper(original, plan)
      : plan.kind === 'promise'
        ? promiseKindWrapper(original, plan)
        : detectingWrapper(original, plan);
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  Object.defineProperty(wrapper, RESILIENCE_WRAPPED, { value: original });
  return wrapper;
}

function promiseKindWrapper(original: AnyFunction, plan: MethodPlan): AnyFunction {
  return plan.fallback === undefined
    ? promiseWrapper(original, plan.policy)
    : promiseWrapperWithFallback(original, plan.policy, plan.fallback);
}

function promiseWrapper(original: AnyFunction, policy: Policy): AnyFunction {
  const slow = (self: unknown, args: unknown[]): Promise<unknown> => policy.execute(() => original.apply(self, args));
  return function resilient(this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Promise<unknown> {
    const self = this;
    switch (arguments.length) {
      case 0:
        return policy.execute(() => original.call(self));
      case 1:
        return policy.execute(() => original.call(self, a));
      case 2:
        return policy.execute(() => original.call(self, a, b));
      case 3:
        return policy.execute(() => original.call(self, a, b, c));
      case 4:
        return policy.execute(() => original.call(self, a, b, c, d));
      default:
        return slow(self, Array.prototype.slice.call(arguments));
    }
  };
}

function promiseWrapperWithFallback(original: AnyFunction, policy: Policy, fallback: FallbackHandler): AnyFunction {
  return function resilient(this: unknown, ...args: unknown[]): Promise<unknown> {
    const self = this;
    return policy.execute(() => original.apply(self, args)).then(undefined, (error: unknown) => fallback(self, error, args));
  };
}

function observableWrapper(original: AnyFunction, plan: MethodPlan): AnyFunction {
  return function resilient(this: unknown, ...args: unknown[]): Observable<unknown> {
    return lazyCall(original, plan, this, args, NO_PROBE);
  };
}

/** Marks "no probed result to reuse". */
const NO_PROBE: unique symbol = Symbol('no probe');

/**
 * The `detect` kind: the first call learns the kind (see the header) and builds the wrapper of that
 * kind, which every later call goes through (one extra call frame, no allocation).
 */
function detectingWrapper(original: AnyFunction, plan: MethodPlan): AnyFunction {
  let known: AnyFunction | undefined;
  const firstCall = (self: unknown, args: unknown[]): unknown => {
    let probe: unknown;
    let threw = false;
    try {
      probe = original.apply(self, args);
    } catch (error) {
      probe = error;
      threw = true;
    }
    if (!threw && isObservable(probe)) {
      known = observableWrapper(original, plan);
      return lazyCall(original, plan, self, args, probe);
    }
    known = promiseKindWrapper(original, plan);
    return probedPromiseCall(original, plan, self, args, probe, threw);
  };
  return function resilient(this: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown): unknown {
    const wrapper = known;
    if (wrapper === undefined) return firstCall(this, Array.prototype.slice.call(arguments));
    switch (arguments.length) {
      case 0:
        return wrapper.call(this);
      case 1:
        return wrapper.call(this, a);
      case 2:
        return wrapper.call(this, a, b);
      case 3:
        return wrapper.call(this, a, b, c);
      case 4:
        return wrapper.call(this, a, b, c, d);
      default:
        return wrapper.apply(this, arguments as unknown as unknown[]);
    }
  };
}

/** A promise-kind call whose first attempt is the probed result (or throw); later attempts call the method. */
function probedPromiseCall(
  original: AnyFunction,
  plan: MethodPlan,
  self: unknown,
  args: unknown[],
  probe: unknown,
  threw: boolean,
): Promise<unknown> {
  // The policies may never run the first attempt (open breaker, full bulkhead): its rejection must
  // not go unhandled. Marking it handled does not hide it from an attempt that does take it.
  if (!threw && isThenable(probe)) probe.then(undefined, () => undefined);
  let first = true;
  const result = plan.policy.execute(() => {
    if (!first) return original.apply(self, args);
    first = false;
    if (threw) throw probe;
    return probe;
  });
  const { fallback } = plan;
  return fallback === undefined ? result : result.then(undefined, (error: unknown) => fallback(self, error, args));
}

/**
 * An Observable that, per subscription, runs one call through the policies: each attempt calls the
 * method (the first attempt of the first subscription takes `probe` when there is one) and collects
 * its values; they are emitted when the call succeeds. Unsubscribing early aborts the call.
 */
function lazyCall(original: AnyFunction, plan: MethodPlan, self: unknown, args: unknown[], probe: unknown): Observable<unknown> {
  const { policy, fallback } = plan;
  let pending = probe;
  return new Observable<unknown>((subscriber) => {
    const controller = new AbortController();
    const signal = controller.signal;
    let settled = false;
    // The operation takes the signal, so a timeout aborts it (and unsubscribes the inner Observable).
    let result = policy.execute((attemptSignal) => {
      let source: unknown;
      if (pending !== NO_PROBE) {
        source = pending;
        pending = NO_PROBE;
      } else {
        source = original.apply(self, args);
      }
      return collect(source, attemptSignal);
    }, signal);
    if (fallback !== undefined) {
      // No fallback for a subscriber that left: nobody would see it.
      result = result.then(undefined, (error: unknown) =>
        signal.aborted ? Promise.reject(error) : collect(fallback(self, error, args), signal),
      );
    }
    result.then(
      (values) => {
        settled = true;
        for (const value of values) subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error); // a no-op once unsubscribed
      },
    );
    return () => {
      if (!settled) controller.abort();
    };
  });
}

/** All values of an Observable (or the one value of a Promise/value) once it completes; unsubscribes on abort. */
function collect(source: unknown, signal: AbortSignal): Promise<unknown[]> {
  if (!isObservable(source)) return Promise.resolve(source).then((value) => [value]);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<unknown[]>((resolve, reject) => {
    const values: unknown[] = [];
    let onAbort: (() => void) | undefined;
    const detach = (): void => {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    };
    const subscription = source.subscribe({
      next: (value) => values.push(value),
      error: (error: unknown) => {
        detach();
        reject(error);
      },
      complete: () => {
        detach();
        resolve(values);
      },
    });
    if (!subscription.closed && signal !== NEVER_ABORTED) {
      onAbort = () => {
        subscription.unsubscribe();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
