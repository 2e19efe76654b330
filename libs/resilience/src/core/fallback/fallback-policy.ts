import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import { isErrorFilter, toErrorPredicate, type ErrorFilter, type ErrorPredicate } from '../retry/error-filter.js';

export interface FallbackOptions<R = unknown> {
  /** Produces the answer when the operation fails with a handled error. */
  fallback: (error: unknown) => R | PromiseLike<R>;
  /** Which errors fall back: a predicate or error classes. Default: every error. */
  handleOn?: ErrorFilter;
}

/**
 * Answers with `fallback(error)` when the operation fails with a handled error; other errors pass
 * through. If the fallback itself fails, the call rejects with the fallback's error, whose `cause`
 * is set to the original error (when it has none of its own).
 */
export class FallbackPolicy<R = unknown> implements Policy {
  readonly kind = 'fallback' as const;
  private readonly fallback: (error: unknown) => R | PromiseLike<R>;
  private readonly handleOn: ErrorPredicate;

  // Made once: a successful call allocates no closure of ours.
  private readonly onError = (error: unknown): R | PromiseLike<R> => {
    if (!this.handleOn(error)) throw error;
    let answer: R | PromiseLike<R>;
    try {
      answer = this.fallback(error);
    } catch (fallbackError) {
      throw withCause(fallbackError, error);
    }
    return Promise.resolve(answer).then(undefined, (fallbackError: unknown) => {
      throw withCause(fallbackError, error);
    });
  };

  constructor(options: FallbackOptions<R>) {
    const checker = new OptionChecker('fallback');
    checker.rule(typeof options?.fallback === 'function', 'fallback', 'must be a function (error) => value');
    checker.rule(options?.handleOn === undefined || isErrorFilter(options.handleOn), 'handleOn', 'must be a predicate or error classes');
    checker.throwIfInvalid('Invalid options for fallback');
    this.fallback = options.fallback;
    this.handleOn = toErrorPredicate(options.handleOn);
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    let result: PromiseLike<T> | T;
    try {
      result = fn(signal ?? NEVER_ABORTED);
    } catch (error) {
      result = Promise.reject(error);
    }
    // The fallback's answer stands in for T: the caller chose it to.
    return Promise.resolve(result).then(undefined, this.onError) as Promise<T>;
  }
}

function withCause(error: unknown, cause: unknown): unknown {
  if (error instanceof Error && error.cause === undefined && Object.isExtensible(error)) {
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true, enumerable: false });
  }
  return error;
}
