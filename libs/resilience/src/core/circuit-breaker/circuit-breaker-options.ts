/**
 * The options of a circuit breaker, their defaults, and their validation at construction.
 * Defaults follow DESIGN §3 and, where it is silent, resilience4j.
 */
import { OptionChecker } from '../validate-options.js';
import type { ErrorMatcher } from './error-classifier.js';

export type SlidingWindowType = 'consecutive' | 'count' | 'time';

export const SLIDING_WINDOW_TYPES: readonly SlidingWindowType[] = ['consecutive', 'count', 'time'];

export interface SlidingWindowOptions {
  /** `consecutive` (default): trip after `failureThreshold` failures in a row. `count`: the last `size` calls. `time`: the last `size` seconds. */
  type: SlidingWindowType;
  /**
   * Calls (count window, default 100) or seconds (time window, default 60). For a consecutive window
   * it is another name for `failureThreshold` (give one or the other, or the same value).
   */
  size?: number;
}

export interface CircuitBreakerOptions {
  /** Names the breaker in errors, events, metrics and logs. Required. */
  name: string;
  /** Which calls decide whether to trip. Default `{ type: 'consecutive' }`. */
  slidingWindow?: SlidingWindowOptions;
  /** Consecutive window: failures (or slow calls) in a row that trip the breaker. Default 5. */
  failureThreshold?: number;
  /** Count/time windows: trip when at least this percentage (0..100) of buffered calls failed. Default 50. 0 trips on any failure. */
  failureRateThreshold?: number;
  /** Count/time windows: rates are evaluated only once this many calls are buffered. Default the window size (count), 10 (time). */
  minimumCalls?: number;
  /** A call that takes at least this many ms is slow. Unset (the default): durations are not measured at all. */
  slowCallDurationThreshold?: number;
  /** Count/time windows: trip when at least this percentage (0..100) of buffered calls were slow. Default 100. */
  slowCallRateThreshold?: number;
  /** How long the breaker stays open before admitting a trial call, in ms. Default 30000. */
  recoveryTimeout?: number;
  /** Each failed half-open trial multiplies the recovery timeout by this (>= 1). Default 1: no growth. */
  backoffMultiplier?: number;
  /** Cap of the grown recovery timeout, in ms. Default 10 × recoveryTimeout. */
  maxRecoveryTimeout?: number;
  /** Fraction (0..1) of the recovery timeout taken off at random, so breakers opened together do not retry together. Default 0. */
  jitter?: number;
  /** Trial calls admitted in half-open state; all must succeed to close. Default 1. */
  halfOpenMaxCalls?: number;
  /**
   * Errors that count as failures. Default: every error except HTTP client errors (status 400..499 in
   * `err.status` or `err.response.status`), which say the request was wrong, not that the service is down.
   * When given, it alone decides (so it may record 4xx errors too).
   */
  recordOn?: ErrorMatcher;
  /** Errors that never count (checked before `recordOn`). An ignored call is neither a success nor a failure. */
  ignoreOn?: ErrorMatcher;
  /** Clock in ms, for tests. Default `Date.now` (and a shared coarse clock for time windows). */
  now?: () => number;
  /** Random source in [0, 1) for jitter, for tests. Default `Math.random`. */
  random?: () => number;
}

/** Options with every default filled in. */
export interface ResolvedCircuitBreakerOptions {
  readonly name: string;
  readonly windowType: SlidingWindowType;
  /** Calls (count), seconds (time), or the failure threshold (consecutive). */
  readonly windowSize: number;
  readonly failureThreshold: number;
  readonly failureRateThreshold: number;
  readonly minimumCalls: number;
  /** `Infinity` when slow calls are not measured. */
  readonly slowCallDurationThreshold: number;
  readonly slowCallRateThreshold: number;
  readonly recoveryTimeout: number;
  readonly backoffMultiplier: number;
  readonly maxRecoveryTimeout: number;
  readonly jitter: number;
  readonly halfOpenMaxCalls: number;
}

const DEFAULT_COUNT_SIZE = 100;
const DEFAULT_TIME_SECONDS = 60;
const DEFAULT_TIME_MINIMUM_CALLS = 10;
/** Bounds that keep a breaker's memory small: a count window holds one byte per call, a time window 12 bytes per second. */
const MAX_COUNT_SIZE = 1_000_000;
const MAX_TIME_SECONDS = 86_400;

/** Validates `options` (throwing a ResilienceConfigError that names every bad key) and fills in defaults. */
export function resolveCircuitBreakerOptions(options: CircuitBreakerOptions): ResolvedCircuitBreakerOptions {
  const o = (options ?? {}) as Partial<CircuitBreakerOptions> & Record<string, unknown>;
  const check = new OptionChecker('');
  check.rule(typeof o.name === 'string' && o.name.length > 0, 'name', `must be a non-empty string, got ${describe(o.name)}`);

  const window = o.slidingWindow;
  check.rule(window === undefined || (typeof window === 'object' && window !== null), 'slidingWindow', 'must be an object { type, size }');
  const windowType = (window?.type ?? 'consecutive') as SlidingWindowType;
  check.oneOf('slidingWindow.type', window?.type, SLIDING_WINDOW_TYPES);
  const maxSize = windowType === 'time' ? MAX_TIME_SECONDS : MAX_COUNT_SIZE;
  check.integer('slidingWindow.size', window?.size, 1, maxSize);
  check.integer('failureThreshold', o.failureThreshold, 1);
  if (windowType === 'consecutive' && window?.size !== undefined && o.failureThreshold !== undefined) {
    check.rule(
      window.size === o.failureThreshold,
      'slidingWindow.size',
      `is the failure threshold of a consecutive window and must equal failureThreshold (${o.failureThreshold}), got ${window.size}; give only one`,
    );
  }
  check.number('failureRateThreshold', o.failureRateThreshold, 0, 100);
  check.integer('minimumCalls', o.minimumCalls, 1);
  check.rule(
    o.slowCallDurationThreshold === undefined || (typeof o.slowCallDurationThreshold === 'number' && o.slowCallDurationThreshold > 0),
    'slowCallDurationThreshold',
    `must be a number > 0 (ms), got ${describe(o.slowCallDurationThreshold)}`,
  );
  check.number('slowCallRateThreshold', o.slowCallRateThreshold, 0, 100);
  const positiveMs = (key: 'recoveryTimeout' | 'maxRecoveryTimeout'): void => {
    const v = o[key];
    check.rule(
      v === undefined || (typeof v === 'number' && v > 0 && Number.isFinite(v)),
      key,
      `must be a finite number > 0 (ms), got ${describe(v)}`,
    );
  };
  positiveMs('recoveryTimeout');
  positiveMs('maxRecoveryTimeout');
  check.number('backoffMultiplier', o.backoffMultiplier, 1);
  check.number('jitter', o.jitter, 0, 1);
  check.integer('halfOpenMaxCalls', o.halfOpenMaxCalls, 1);
  checkMatcher(check, 'recordOn', o.recordOn);
  checkMatcher(check, 'ignoreOn', o.ignoreOn);
  check.rule(o.now === undefined || typeof o.now === 'function', 'now', `must be a function returning ms, got ${describe(o.now)}`);
  check.rule(
    o.random === undefined || typeof o.random === 'function',
    'random',
    `must be a function returning [0, 1), got ${describe(o.random)}`,
  );

  const failureThreshold = o.failureThreshold ?? (windowType === 'consecutive' ? window?.size : undefined) ?? 5;
  const windowSize =
    windowType === 'consecutive'
      ? failureThreshold
      : (window?.size ?? (windowType === 'count' ? DEFAULT_COUNT_SIZE : DEFAULT_TIME_SECONDS));
  const minimumCalls = o.minimumCalls ?? (windowType === 'count' ? windowSize : DEFAULT_TIME_MINIMUM_CALLS);
  if (windowType === 'count' && typeof windowSize === 'number' && typeof minimumCalls === 'number') {
    check.rule(
      minimumCalls <= windowSize,
      'minimumCalls',
      `must be at most slidingWindow.size (${windowSize}) for a count window, got ${minimumCalls}; the rate could never be evaluated`,
    );
  }
  const recoveryTimeout = o.recoveryTimeout ?? 30_000;
  const maxRecoveryTimeout = o.maxRecoveryTimeout ?? 10 * recoveryTimeout;
  if (o.maxRecoveryTimeout !== undefined && typeof recoveryTimeout === 'number') {
    check.rule(
      maxRecoveryTimeout >= recoveryTimeout,
      'maxRecoveryTimeout',
      `must be >= recoveryTimeout (${recoveryTimeout}), got ${describe(o.maxRecoveryTimeout)}`,
    );
  }
  check.throwIfInvalid(`Invalid options for circuit breaker ${typeof o.name === 'string' ? `"${o.name}"` : '(unnamed)'}`);

  return {
    name: o.name as string,
    windowType,
    windowSize,
    failureThreshold,
    failureRateThreshold: o.failureRateThreshold ?? 50,
    minimumCalls,
    slowCallDurationThreshold: o.slowCallDurationThreshold ?? Number.POSITIVE_INFINITY,
    slowCallRateThreshold: o.slowCallRateThreshold ?? 100,
    recoveryTimeout,
    backoffMultiplier: o.backoffMultiplier ?? 1,
    maxRecoveryTimeout,
    jitter: o.jitter ?? 0,
    halfOpenMaxCalls: o.halfOpenMaxCalls ?? 1,
  };
}

function checkMatcher(check: OptionChecker, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => check.rule(typeof item === 'function', `${key}[${i}]`, `must be an error class, got ${describe(item)}`));
    return;
  }
  if (typeof value === 'function') {
    // A class passed alone would be called as a predicate (and throw, or return a truthy error); ask for an array.
    check.rule(
      !looksLikeClass(value as (...args: never[]) => unknown),
      key,
      'is a class; pass error classes in an array, e.g. [TypeError]',
    );
    return;
  }
  check.rule(false, key, `must be an array of error classes or a predicate (err) => boolean, got ${describe(value)}`);
}

function looksLikeClass(fn: (...args: never[]) => unknown): boolean {
  return fn === Error || fn.prototype instanceof Error || /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}
