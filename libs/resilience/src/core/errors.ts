/**
 * Errors thrown by the library. Each carries a stable `code` and a brand stored under a
 * `Symbol.for` key, so the `is*Error` guards work even when two copies of the package are
 * loaded (where `instanceof` would fail).
 */
const BRAND = Symbol.for('nest-resilience.error-code');

export type ResilienceErrorCode =
  | 'CIRCUIT_OPEN'
  | 'BULKHEAD_FULL'
  | 'TIMEOUT'
  | 'RATE_LIMITED'
  | 'CONFIG_INVALID'
  | 'POOL_ACQUIRE_TIMEOUT'
  | 'POOL_CLOSED'
  | 'POOL_UNAVAILABLE';

/** Builds an error without capturing a stack trace: rejections on the hot path must be cheap. */
function withoutStack<E>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export class ResilienceError extends Error {
  declare readonly code: ResilienceErrorCode;

  constructor(code: ResilienceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, 'code', { value: code, enumerable: true });
    Object.defineProperty(this, BRAND, { value: code });
    this.name = new.target.name;
  }
}

export type BreakerStateName = 'closed' | 'open' | 'half_open' | 'forced_open' | 'disabled';

/** Thrown when a circuit breaker rejects a call. Created without a stack trace (cheap under load). */
export class CircuitOpenError extends ResilienceError {
  declare readonly breakerName: string;
  declare readonly state: BreakerStateName;
  /** Milliseconds until the breaker will admit a trial call; 0 when unknown (forced open). */
  declare readonly retryAfterMs: number;

  constructor(breakerName: string, state: BreakerStateName, retryAfterMs: number) {
    super('CIRCUIT_OPEN', `Circuit breaker "${breakerName}" is ${state}`);
    this.breakerName = breakerName;
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }

  static create(breakerName: string, state: BreakerStateName, retryAfterMs: number): CircuitOpenError {
    return withoutStack(() => new CircuitOpenError(breakerName, state, retryAfterMs));
  }
}

/** Thrown when a bulkhead has no free slot and no queue room (or the queued wait ran out). */
export class BulkheadFullError extends ResilienceError {
  declare readonly bulkheadName: string;
  declare readonly active: number;
  declare readonly queued: number;
  declare readonly maxConcurrent: number;
  declare readonly maxQueue: number;

  constructor(bulkheadName: string, active: number, queued: number, maxConcurrent: number, maxQueue: number, reason = 'full') {
    super('BULKHEAD_FULL', `Bulkhead "${bulkheadName}" is ${reason} (active ${active}/${maxConcurrent}, queued ${queued}/${maxQueue})`);
    this.bulkheadName = bulkheadName;
    this.active = active;
    this.queued = queued;
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }

  static create(
    bulkheadName: string,
    active: number,
    queued: number,
    maxConcurrent: number,
    maxQueue: number,
    reason?: string,
  ): BulkheadFullError {
    return withoutStack(() => new BulkheadFullError(bulkheadName, active, queued, maxConcurrent, maxQueue, reason));
  }
}

/** Thrown when a call exceeds its deadline. The signal passed to the call is aborted with this error. */
export class TimeoutError extends ResilienceError {
  declare readonly timeoutMs: number;

  constructor(timeoutMs: number, what = 'Operation') {
    super('TIMEOUT', `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** Thrown when a rate limiter rejects a call. */
export class RateLimitedError extends ResilienceError {
  declare readonly limiterName: string;
  declare readonly limit: number;
  declare readonly retryAfterMs: number;

  constructor(limiterName: string, limit: number, retryAfterMs: number) {
    super('RATE_LIMITED', `Rate limit "${limiterName}" exceeded (${limit} allowed); retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.limiterName = limiterName;
    this.limit = limit;
    this.retryAfterMs = retryAfterMs;
  }
}

/** One problem found in options or configuration: the full path of the key and the rule it broke. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Thrown at construction or start-up when options are invalid. Lists every problem, each with its path. */
export class ResilienceConfigError extends ResilienceError {
  declare readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], title = 'Invalid resilience configuration') {
    super('CONFIG_INVALID', `${title}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

function hasCode(e: unknown, code: ResilienceErrorCode): boolean {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === code;
}

export function isResilienceError(e: unknown): e is ResilienceError {
  return typeof e === 'object' && e !== null && typeof (e as Record<symbol, unknown>)[BRAND] === 'string';
}
export const isCircuitOpenError = (e: unknown): e is CircuitOpenError => hasCode(e, 'CIRCUIT_OPEN');
export const isBulkheadFullError = (e: unknown): e is BulkheadFullError => hasCode(e, 'BULKHEAD_FULL');
export const isTimeoutError = (e: unknown): e is TimeoutError => hasCode(e, 'TIMEOUT');
export const isRateLimitedError = (e: unknown): e is RateLimitedError => hasCode(e, 'RATE_LIMITED');
export const isResilienceConfigError = (e: unknown): e is ResilienceConfigError => hasCode(e, 'CONFIG_INVALID');
