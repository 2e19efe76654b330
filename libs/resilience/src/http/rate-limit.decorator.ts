import { SetMetadata } from '@nestjs/common';
import { parseDuration } from '../config/duration.js';
import type { RateLimitAlgorithm } from '../core/rate-limit/rate-limiter.js';
import { OptionChecker } from '../core/validate-options.js';
import { RATE_LIMIT_METADATA } from '../nest/tokens.js';
import type { RateLimitKeyBy } from './http-options.js';

export interface RateLimitDecoratorOptions {
  requests: number;
  /** Window: ms, or a duration such as `'10s'`. */
  window: number | string;
  algorithm?: RateLimitAlgorithm;
  /** Default: the app's `keyBy`. */
  keyBy?: RateLimitKeyBy;
}

/** What the decorator stores: the window in ms. */
export interface RouteRateLimit {
  requests: number;
  windowMs: number;
  algorithm?: RateLimitAlgorithm;
  keyBy?: RateLimitKeyBy;
}

/**
 * Gives a route (method) or every route of a controller (class) its own rate limit, counted
 * separately from the app-wide one and replacing it there. Uses the app's store (memory or Redis).
 */
export function RateLimit(options: RateLimitDecoratorOptions): MethodDecorator & ClassDecorator {
  const check = new OptionChecker('@RateLimit');
  check.integer('requests', options?.requests, 1);
  check.rule(options?.requests !== undefined, 'requests', 'is required');
  let windowMs = 0;
  try {
    windowMs = parseDuration(options?.window);
  } catch (e) {
    check.rule(false, 'window', (e as Error).message);
  }
  check.rule(windowMs >= 1, 'window', 'must be at least 1 ms');
  check.oneOf('algorithm', options?.algorithm, ['fixed', 'sliding']);
  check.rule(
    options?.keyBy === undefined || options.keyBy === 'ip' || typeof options.keyBy === 'function',
    'keyBy',
    "must be 'ip' or a function",
  );
  check.throwIfInvalid('Invalid @RateLimit options');
  const value: RouteRateLimit = { requests: options.requests, windowMs, algorithm: options.algorithm, keyBy: options.keyBy };
  return SetMetadata(RATE_LIMIT_METADATA, value);
}
