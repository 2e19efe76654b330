/**
 * An in-process fixed or sliding window rate limiter with bounded memory.
 *
 * Windows are aligned for all keys (every key shares the same boundaries, counted from `origin`,
 * by default the limiter's creation time), so expiry is a generation swap instead of a timer or a scan: at each boundary the `current` map becomes
 * `previous` (which sliding windows still read) and the old `previous` is dropped whole. A key
 * idle for two windows is therefore gone without anyone touching it.
 *
 * `maxKeys` caps the entries of each generation. When a window sees more distinct keys than
 * that, the oldest-inserted sixteenth of them is evicted in one pass (a Map iterates in insertion
 * order; evicting one key at a time would make every insert walk the holes left by the previous
 * deletions). Evicted keys start counting again, which is permissive for them, but memory never
 * grows past 2 × maxKeys entries however many distinct clients arrive.
 */
import { OptionChecker } from '../validate-options.js';
import type { RateLimitAlgorithm, RateLimiter, RateLimitResult } from './rate-limiter.js';
import { checkCost, checkWindowOptions, type WindowOptions } from './rate-limiter-options.js';
import { retryAfterMs, usedInWindow } from './window-math.js';

export interface MemoryRateLimiterOptions extends WindowOptions {
  /** Distinct keys tracked per window before the oldest is evicted (default 100,000). */
  maxKeys?: number;
  /** The clock, in ms (default `Date.now`); tests inject a fake one. */
  now?: () => number;
  /** Where windows start counting, in the clock's ms (default: the clock's reading at construction). */
  origin?: number;
}

export const DEFAULT_MAX_KEYS = 100_000;

export class MemoryRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly algorithm: RateLimitAlgorithm;
  readonly maxKeys: number;
  private readonly now: () => number;
  private readonly sliding: boolean;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private readonly origin: number;
  private windowIndex = Number.NEGATIVE_INFINITY;

  constructor(opts: MemoryRateLimiterOptions) {
    const check = new OptionChecker('rateLimit');
    checkWindowOptions(check, opts);
    check.integer('maxKeys', opts.maxKeys, 1);
    check.rule(opts.now === undefined || typeof opts.now === 'function', 'now', 'must be a function returning ms');
    check.number('origin', opts.origin, Number.NEGATIVE_INFINITY);
    check.throwIfInvalid('Invalid MemoryRateLimiter options');
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.algorithm = opts.algorithm ?? 'fixed';
    this.sliding = this.algorithm === 'sliding';
    this.maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = opts.now ?? Date.now;
    this.origin = opts.origin ?? this.now();
  }

  /** Entries held across both generations (at most 2 × maxKeys). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  consume(key: string, cost = 1): RateLimitResult {
    if (cost !== 1) checkCost(cost, this.limit);
    const now = this.now() - this.origin;
    const windowMs = this.windowMs;
    const index = Math.floor(now / windowMs);
    if (index !== this.windowIndex) this.rotate(index);
    const elapsed = now - index * windowMs;
    const current = this.current.get(key) ?? 0;
    const previous = this.sliding ? (this.previous.get(key) ?? 0) : 0;
    const used = usedInWindow(previous, current, elapsed, windowMs);
    const resetMs = windowMs - elapsed;
    if (used + cost > this.limit) {
      const retry = retryAfterMs(this.algorithm, this.limit, previous, current, elapsed, windowMs, cost);
      return { allowed: false, limit: this.limit, remaining: 0, resetMs, retryAfterMs: retry };
    }
    if (current === 0 && this.current.size >= this.maxKeys) this.evictOldest();
    this.current.set(key, current + cost);
    return { allowed: true, limit: this.limit, remaining: Math.floor(this.limit - used - cost), resetMs, retryAfterMs: 0 };
  }

  /** Forgets every key (tests, or an operator reset). */
  reset(): void {
    this.current.clear();
    this.previous.clear();
  }

  private rotate(index: number): void {
    const advancedByOne = index === this.windowIndex + 1;
    this.windowIndex = index;
    if (this.sliding && advancedByOne) {
      // The finished window is still read, weighted, by the sliding estimate.
      const dropped = this.previous;
      this.previous = this.current;
      dropped.clear();
      this.current = dropped;
      return;
    }
    // Fixed windows never read the past; after a gap of 2+ windows nothing in it matters either.
    this.current.clear();
    this.previous.clear();
  }

  private evictOldest(): void {
    let toEvict = Math.max(1, this.maxKeys >> 4);
    for (const key of this.current.keys()) {
      this.current.delete(key);
      if (--toEvict === 0) break;
    }
  }
}
