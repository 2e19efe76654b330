import { isBulkheadFullError, isCircuitOpenError } from '../errors.js';
import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import { MAX_TIMER_MS } from '../bulkhead/bulkhead-options.js';
import { abortableSleep } from './abortable-sleep.js';
import { Backoff, JITTERS, type BackoffOptions } from './backoff.js';
import { isErrorFilter, toErrorPredicate, type ErrorFilter, type ErrorPredicate } from './error-filter.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Which errors are retried: a predicate or error classes. Default: every error. */
  retryOn?: ErrorFilter;
  /** Retry a `CircuitOpenError` (an open breaker rarely closes within a backoff). Default false. */
  retryOnCircuitOpen?: boolean;
  /** Retry a `BulkheadFullError` (retrying adds load to a saturated resource). Default false. */
  retryOnBulkheadFull?: boolean;
  /** Uniform random in [0, 1), for jitter. Default Math.random. */
  random?: () => number;
  /** Waits between attempts. Default: a timer that stops when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export type RetryListener = (event: RetryEvent) => void;

/**
 * Runs the operation up to `maxAttempts` times with exponential backoff between attempts.
 * Exhaustion (or an error it must not retry) rethrows the last error. The caller's signal is
 * passed to every attempt; when it aborts, waiting stops and the call rejects with its reason.
 */
export class RetryPolicy implements Policy {
  readonly kind = 'retry' as const;
  readonly maxAttempts: number;

  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly multiplier: number;
  private readonly jitter: NonNullable<BackoffOptions['jitter']>;
  private readonly retryOn: ErrorPredicate;
  private readonly retryOnCircuitOpen: boolean;
  private readonly retryOnBulkheadFull: boolean;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly listeners: RetryListener[] = [];

  constructor(options: RetryOptions = {}) {
    const backoff = options.backoff ?? {};
    const checker = new OptionChecker('retry');
    checker.integer('maxAttempts', options.maxAttempts, 1);
    checker.number('backoff.initialDelayMs', backoff.initialDelayMs, 0, MAX_TIMER_MS);
    checker.number('backoff.maxDelayMs', backoff.maxDelayMs, 0, MAX_TIMER_MS);
    checker.number('backoff.multiplier', backoff.multiplier, 1);
    checker.oneOf('backoff.jitter', backoff.jitter, JITTERS);
    checker.rule(
      !(
        typeof backoff.initialDelayMs === 'number' &&
        typeof backoff.maxDelayMs === 'number' &&
        backoff.maxDelayMs < backoff.initialDelayMs
      ),
      'backoff.maxDelayMs',
      'must be >= backoff.initialDelayMs',
    );
    checker.rule(options.retryOn === undefined || isErrorFilter(options.retryOn), 'retryOn', 'must be a predicate or error classes');
    checker.rule(options.random === undefined || typeof options.random === 'function', 'random', 'must be a function');
    checker.rule(options.sleep === undefined || typeof options.sleep === 'function', 'sleep', 'must be a function');
    checker.throwIfInvalid('Invalid options for retry');

    this.maxAttempts = options.maxAttempts ?? 3;
    this.initialDelayMs = backoff.initialDelayMs ?? 100;
    this.maxDelayMs = backoff.maxDelayMs ?? Math.max(10_000, this.initialDelayMs);
    this.multiplier = backoff.multiplier ?? 2;
    this.jitter = backoff.jitter ?? 'full';
    this.retryOn = toErrorPredicate(options.retryOn);
    this.retryOnCircuitOpen = options.retryOnCircuitOpen ?? false;
    this.retryOnBulkheadFull = options.retryOnBulkheadFull ?? false;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** Calls `listener` before each wait for a retry. Returns a disposer. */
  onRetry(listener: RetryListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async execute<T>(fn: Operation<T>, signal: AbortSignal = NEVER_ABORTED): Promise<T> {
    let backoff: Backoff | undefined;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw signal.reason;
      try {
        return await fn(signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (attempt >= this.maxAttempts || !this.isRetryable(error)) throw error;
        backoff ??= new Backoff(this.initialDelayMs, this.maxDelayMs, this.multiplier, this.jitter, this.random);
        const delayMs = backoff.next();
        this.emit({ attempt, delayMs, error });
        await this.wait(delayMs, signal);
      }
    }
  }

  private isRetryable(error: unknown): boolean {
    if (isCircuitOpenError(error)) return this.retryOnCircuitOpen;
    if (isBulkheadFullError(error)) return this.retryOnBulkheadFull;
    return this.retryOn(error);
  }

  private emit(event: RetryEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener (metrics, logging) must not change the outcome of the call.
      }
    }
  }

  /** The sleep, cut short when the signal aborts (also for an injected sleep that ignores it). */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal === NEVER_ABORTED) return this.sleep(ms, signal);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.sleep(ms, signal).then(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
