/**
 * A fixed or sliding window rate limiter shared by every replica through Redis.
 *
 * Why a Lua script rather than `rate-limiter-flexible`: the script is ~30 lines, needs no extra
 * dependency, works with any ioredis-compatible client (our `RedisConnectionPool.client`), and
 * gives exactly the same window arithmetic as `MemoryRateLimiter` (so the in-memory fallback
 * answers like Redis would). It runs with EVALSHA; on NOSCRIPT (a restarted or flushed Redis) it
 * falls back to EVAL once, which also reloads the script into Redis's cache.
 */
import { createHash } from 'node:crypto';
import { OptionChecker } from '../validate-options.js';
import type { RateLimitAlgorithm, RateLimiter, RateLimitResult } from './rate-limiter.js';
import { checkCost, checkWindowOptions, type WindowOptions } from './rate-limiter-options.js';
import { RATE_LIMIT_SCRIPT } from './redis-rate-limit-script.js';
import { retryAfterMs, usedInWindow } from './window-math.js';

/** The two commands the limiter needs; an ioredis client (or a pool's `.client`) satisfies it. */
export interface RedisScriptClient {
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRateLimiterOptions extends WindowOptions {
  client: RedisScriptClient;
  /** Prefix of every Redis key (default `nest-resilience:rl:`); give each limiter its own. */
  keyPrefix?: string;
}

const SCRIPT_SHA = createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex');

export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly algorithm: RateLimitAlgorithm;
  readonly keyPrefix: string;
  private readonly client: RedisScriptClient;
  private readonly slidingArg: string;

  constructor(opts: RedisRateLimiterOptions) {
    const check = new OptionChecker('rateLimit');
    checkWindowOptions(check, opts);
    check.rule(
      typeof opts.client?.evalsha === 'function' && typeof opts.client?.eval === 'function',
      'client',
      'must be an ioredis-compatible client (evalsha and eval)',
    );
    check.rule(opts.keyPrefix === undefined || typeof opts.keyPrefix === 'string', 'keyPrefix', 'must be a string');
    check.throwIfInvalid('Invalid RedisRateLimiter options');
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.algorithm = opts.algorithm ?? 'fixed';
    this.slidingArg = this.algorithm === 'sliding' ? '1' : '0';
    this.keyPrefix = opts.keyPrefix ?? 'nest-resilience:rl:';
    this.client = opts.client;
  }

  async consume(key: string, cost = 1): Promise<RateLimitResult> {
    if (cost !== 1) checkCost(cost, this.limit);
    const args = [this.keyPrefix + key, this.windowMs, this.limit, this.slidingArg, cost];
    let reply: unknown;
    try {
      reply = await this.client.evalsha(SCRIPT_SHA, 1, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      reply = await this.client.eval(RATE_LIMIT_SCRIPT, 1, ...args);
    }
    return this.toResult(reply, cost);
  }

  private toResult(reply: unknown, cost: number): RateLimitResult {
    if (!Array.isArray(reply) || reply.length !== 4) {
      throw new Error(`Unexpected reply from the rate limit script: ${JSON.stringify(reply)}`);
    }
    const [allowed, current, previous, elapsed] = reply.map(Number);
    const windowMs = this.windowMs;
    const resetMs = windowMs - elapsed;
    const previousCount = this.algorithm === 'sliding' ? previous : 0;
    if (allowed !== 1) {
      const retry = retryAfterMs(this.algorithm, this.limit, previousCount, current, elapsed, windowMs, cost);
      return { allowed: false, limit: this.limit, remaining: 0, resetMs, retryAfterMs: retry };
    }
    const used = usedInWindow(previousCount, current, elapsed, windowMs);
    return { allowed: true, limit: this.limit, remaining: Math.max(0, Math.floor(this.limit - used)), resetMs, retryAfterMs: 0 };
  }
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}
