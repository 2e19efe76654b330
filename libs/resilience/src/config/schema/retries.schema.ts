/** `retries.<name>`: named retry policies; `default` holds what every named policy inherits. */
import type { z } from 'zod';
import { bool, duration, int, named, num, oneOf, section, type SchemaContext } from './fields.js';
import { compact, type ResolveContext } from './resolve-context.js';

export const RETRY_JITTER_VALUES = ['full', 'decorrelated', 'none'] as const;

export function retrySchema(ctx: SchemaContext) {
  return section({
    maxAttempts: int(1).describe('Attempts in all, the first included'),
    backoff: section({
      initialDelayMs: duration(ctx, { bareIsMs: true, allowZero: true }).describe('Delay before the first retry'),
      maxDelayMs: duration(ctx, { bareIsMs: true, allowZero: true }).describe('Cap of the growing delay'),
      multiplier: num(1).describe('Growth of the delay per attempt'),
      jitter: oneOf(RETRY_JITTER_VALUES).describe('full, decorrelated or none'),
    })
      .optional()
      .describe('Exponential backoff between attempts'),
    retryOnCircuitOpen: bool().describe('Retry when a breaker rejects the call'),
    retryOnBulkheadFull: bool().describe('Retry when a bulkhead rejects the call'),
  });
}

export function retriesSchema(ctx: SchemaContext) {
  return named(retrySchema(ctx)).describe('Named retry policies; `default` is inherited by every name');
}

export type RetryInput = z.output<ReturnType<typeof retrySchema>>;

export interface ResolvedRetryConfig {
  maxAttempts: number;
  backoff: { initialDelayMs: number; maxDelayMs: number; multiplier: number; jitter: (typeof RETRY_JITTER_VALUES)[number] };
  retryOnCircuitOpen: boolean;
  retryOnBulkheadFull: boolean;
}

export const RETRY_DEFAULTS: ResolvedRetryConfig = {
  maxAttempts: 3,
  backoff: { initialDelayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: 'full' },
  retryOnCircuitOpen: false,
  retryOnBulkheadFull: false,
};

function resolveRetry(name: string, inherited: ResolvedRetryConfig, own: RetryInput | undefined, ctx: ResolveContext): ResolvedRetryConfig {
  const resolved = { ...inherited, ...compact(own ?? {}), backoff: { ...inherited.backoff, ...compact(own?.backoff ?? {}) } };
  const { initialDelayMs, maxDelayMs } = resolved.backoff;
  if (maxDelayMs < initialDelayMs) {
    ctx.report(
      ['retries', name, 'backoff', 'maxDelayMs'],
      (k) => `must be >= ${k('initialDelayMs')} (${initialDelayMs} ms), got ${maxDelayMs} ms`,
    );
  }
  return resolved;
}

export function resolveRetries(input: Record<string, RetryInput> | undefined, ctx: ResolveContext): Record<string, ResolvedRetryConfig> {
  const base = resolveRetry('default', RETRY_DEFAULTS, input?.default, ctx);
  const out: Record<string, ResolvedRetryConfig> = { default: base };
  for (const [name, own] of Object.entries(input ?? {})) {
    if (name !== 'default') out[name] = resolveRetry(name, base, own, ctx);
  }
  return out;
}
