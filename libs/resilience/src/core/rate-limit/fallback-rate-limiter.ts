/**
 * Uses a primary (shared, Redis) limiter, and when it fails answers from a local (memory) one
 * instead of letting everything through or rejecting everything.
 *
 * The switch is reported once per outage through `onFallback` (the core has no logger; the Nest
 * layer logs), and the return through `onRecover`. While degraded, the primary is probed by at
 * most one request per `retryPrimaryAfterMs`, so a dead Redis costs nothing per request.
 */
import { OptionChecker } from '../validate-options.js';
import type { RateLimiter, RateLimitResult } from './rate-limiter.js';

export interface FallbackRateLimiterOptions {
  primary: RateLimiter;
  fallback: RateLimiter;
  /** Called once when the primary fails and the fallback takes over. */
  onFallback?: (error: unknown) => void;
  /** Called once when the primary answers again. */
  onRecover?: () => void;
  /** How long to stay on the fallback before probing the primary again (default 1000 ms). */
  retryPrimaryAfterMs?: number;
  /** A primary answer slower than this counts as a failure (default 250 ms; 0 disables). */
  primaryTimeoutMs?: number;
  /** The clock, in ms (default `Date.now`). */
  now?: () => number;
}

export class FallbackRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly primary: RateLimiter;
  private readonly fallback: RateLimiter;
  private readonly onFallback: (error: unknown) => void;
  private readonly onRecover: () => void;
  private readonly retryPrimaryAfterMs: number;
  private readonly primaryTimeoutMs: number;
  private readonly now: () => number;
  private degraded = false;
  private nextProbeAt = 0;

  constructor(opts: FallbackRateLimiterOptions) {
    const check = new OptionChecker('rateLimit');
    check.rule(typeof opts.primary?.consume === 'function', 'primary', 'must be a RateLimiter');
    check.rule(typeof opts.fallback?.consume === 'function', 'fallback', 'must be a RateLimiter');
    check.integer('retryPrimaryAfterMs', opts.retryPrimaryAfterMs, 0);
    check.integer('primaryTimeoutMs', opts.primaryTimeoutMs, 0);
    check.throwIfInvalid('Invalid FallbackRateLimiter options');
    this.primary = opts.primary;
    this.fallback = opts.fallback;
    this.limit = opts.primary.limit;
    this.windowMs = opts.primary.windowMs;
    this.onFallback = opts.onFallback ?? noop;
    this.onRecover = opts.onRecover ?? noop;
    this.retryPrimaryAfterMs = opts.retryPrimaryAfterMs ?? 1000;
    this.primaryTimeoutMs = opts.primaryTimeoutMs ?? 250;
    this.now = opts.now ?? Date.now;
  }

  /** Whether answers currently come from the fallback. */
  get usingFallback(): boolean {
    return this.degraded;
  }

  async consume(key: string, cost = 1): Promise<RateLimitResult> {
    if (this.degraded) {
      const now = this.now();
      if (now < this.nextProbeAt) return this.fallback.consume(key, cost);
      // This request probes; the others keep using the fallback until it answers.
      this.nextProbeAt = now + this.retryPrimaryAfterMs;
    }
    try {
      const result = await this.askPrimary(key, cost);
      if (this.degraded) {
        this.degraded = false;
        safeCall(this.onRecover, undefined);
      }
      return result;
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.nextProbeAt = this.now() + this.retryPrimaryAfterMs;
        safeCall(this.onFallback, err);
      }
      return this.fallback.consume(key, cost);
    }
  }

  private askPrimary(key: string, cost: number): Promise<RateLimitResult> {
    const answer = Promise.resolve(this.primary.consume(key, cost));
    if (this.primaryTimeoutMs === 0) return answer;
    return new Promise<RateLimitResult>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`rate limit store did not answer within ${this.primaryTimeoutMs} ms`)),
        this.primaryTimeoutMs,
      );
      answer.then(
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}

function noop(): void {}

/** A throwing listener must not turn a rate limit answer into a 500. */
function safeCall<A>(fn: (arg: A) => void, arg: A): void {
  try {
    fn(arg);
  } catch {
    // ignored on purpose
  }
}
