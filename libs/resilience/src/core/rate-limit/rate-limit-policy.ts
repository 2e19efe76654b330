/**
 * A rate limiter as a `Policy` (kind `rate_limit`), for decorated methods and `composePolicies`:
 * a call over the limit is rejected with `RateLimitedError` before `fn` runs.
 */
import { RateLimitedError } from '../errors.js';
import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { OptionChecker } from '../validate-options.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RateLimitPolicyOptions {
  /** Name shown in errors (`RateLimitedError.limiterName`). */
  name: string;
  limiter: RateLimiter;
  /** The key counted per call: a constant (default `'global'`) or a function read on each call. */
  key?: string | (() => string);
}

export class RateLimitPolicy implements Policy {
  readonly kind = 'rate_limit' as const;
  readonly name: string;
  readonly limiter: RateLimiter;
  private readonly keyOf: () => string;

  constructor(opts: RateLimitPolicyOptions) {
    const check = new OptionChecker('rateLimit');
    check.rule(typeof opts.name === 'string' && opts.name.length > 0, 'name', 'must be a non-empty string');
    check.rule(typeof opts.limiter?.consume === 'function', 'limiter', 'must be a RateLimiter');
    check.rule(
      opts.key === undefined || typeof opts.key === 'string' || typeof opts.key === 'function',
      'key',
      'must be a string or a function',
    );
    check.throwIfInvalid('Invalid RateLimitPolicy options');
    this.name = opts.name;
    this.limiter = opts.limiter;
    const key = opts.key ?? 'global';
    this.keyOf = typeof key === 'string' ? () => key : key;
  }

  async execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    const result = await this.limiter.consume(this.keyOf());
    if (!result.allowed) throw new RateLimitedError(this.name, result.limit, result.retryAfterMs);
    return fn(signal ?? NEVER_ABORTED);
  }
}
