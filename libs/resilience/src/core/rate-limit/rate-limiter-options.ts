import { OptionChecker } from '../validate-options.js';
import type { RateLimitAlgorithm } from './rate-limiter.js';

/** Options shared by every limiter. */
export interface WindowOptions {
  /** Requests admitted per window and key. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** `fixed` (default) or `sliding` (weighted previous window). */
  algorithm?: RateLimitAlgorithm;
}

export const RATE_LIMIT_ALGORITHMS: readonly RateLimitAlgorithm[] = ['fixed', 'sliding'];

/** Adds the checks of the shared options to `check`. */
export function checkWindowOptions(check: OptionChecker, opts: WindowOptions): void {
  check.rule(opts.limit !== undefined, 'limit', 'is required');
  check.rule(opts.windowMs !== undefined, 'windowMs', 'is required');
  check.integer('limit', opts.limit, 1);
  check.integer('windowMs', opts.windowMs, 1);
  check.oneOf('algorithm', opts.algorithm, RATE_LIMIT_ALGORITHMS);
}

/** Checks a per-call cost: a positive integer no larger than the limit (a larger one could never pass). */
export function checkCost(cost: number, limit: number): void {
  if (!Number.isInteger(cost) || cost < 1 || cost > limit) {
    const check = new OptionChecker('rateLimit');
    check.rule(false, 'cost', `must be an integer from 1 to the limit (${limit}), got ${String(cost)}`);
    check.throwIfInvalid('Invalid rate limit call');
  }
}
