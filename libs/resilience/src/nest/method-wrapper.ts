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
 * Result kinds: a method that returns a Promise (or a value: a sync method becomes async and its
 * result arrives as a Promise) runs the policies at call time. A method whose declared return
 * type is `Observable` (emitDecoratorMetadata) is wrapped lazily: nothing runs until subscription;
 * each subscription runs the policies once, buffers the inner Observable's values until it
 * completes (retry and fallback must be able to discard a failed attempt's output), then emits them;
 * unsubscribing aborts the attempt.
 */
import { Observable, isObservable } from 'rxjs';
import { NEVER_ABORTED, type Operation, type Policy } from '../core/policy.js';

type AnyFunction = (this: unknown, ...args: any[]) => any;
export type FallbackHandler = (self: unknown, error: unknown, args: readonly unknown[]) => unknown;

export interface MethodPlan {
  /** The composed policies (outermost first), without the fallback. */
  readonly policy: Policy;
  /** Called with the instance, the error and the original arguments; undefined when none. */
  readonly fallback: FallbackHandler | undefined;
  /** Whether the method returns an Observable (wrapped lazily). */
  readonly observable: boolean;
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
  const wrapper = plan.observable
    ? observableWrapper(original, plan)
    : plan.fallback === undefined
      ? promiseWrapper(original, plan.policy)
      : promiseWrapperWithFallback(original, plan.policy, plan.fallback);
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  Object.defineProperty(wrapper, RESILIENCE_WRAPPED, { value: original });
  return wrapper;
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
  const { policy, fallback } = plan;
  return function resilient(this: unknown, ...args: unknown[]): Observable<unknown> {
    const self = this;
    return new Observable<unknown>((subscriber) => {
      const controller = new AbortController();
      const signal = controller.signal;
      // The operation takes the signal, so a timeout aborts it (and unsubscribes the inner Observable).
      let result = policy.execute((attemptSignal) => collect(original.apply(self, args), attemptSignal), signal);
      if (fallback !== undefined) {
        result = result.then(undefined, (error: unknown) => collect(fallback(self, error, args), signal));
      }
      result.then(
        (values) => {
          for (const value of values) subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => controller.abort();
    });
  };
}

/** All values of an Observable (or the one value of a Promise/value) once it completes; unsubscribes on abort. */
function collect(source: unknown, signal: AbortSignal): Promise<unknown[]> {
  if (!isObservable(source)) return Promise.resolve(source).then((value) => [value]);
  return new Promise<unknown[]>((resolve, reject) => {
    const values: unknown[] = [];
    const subscription = source.subscribe({ next: (v) => values.push(v), error: reject, complete: () => resolve(values) });
    if (!subscription.closed) {
      signal.addEventListener(
        'abort',
        () => {
          subscription.unsubscribe();
          reject(signal.reason);
        },
        { once: true },
      );
    }
  });
}
