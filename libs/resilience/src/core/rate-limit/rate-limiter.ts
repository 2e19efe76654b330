/** What every rate limiter answers, and the contract the HTTP layer and `RateLimitPolicy` use. */
export type RateLimitAlgorithm = 'fixed' | 'sliding';

export interface RateLimitResult {
  /** Whether this request was admitted (and counted). */
  readonly allowed: boolean;
  /** The configured number of requests per window. */
  readonly limit: number;
  /** How many more requests the key may make now (0 when rejected). */
  readonly remaining: number;
  /** Milliseconds until the current window ends (the `RateLimit-Reset` header, in seconds). */
  readonly resetMs: number;
  /** Milliseconds to wait before a retry can be admitted; 0 when allowed. */
  readonly retryAfterMs: number;
}

export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Counts `cost` requests against `key` if they fit. A memory limiter answers synchronously
   * (no promise on the hot path); a Redis limiter answers with a promise.
   */
  consume(key: string, cost?: number): RateLimitResult | Promise<RateLimitResult>;
}
