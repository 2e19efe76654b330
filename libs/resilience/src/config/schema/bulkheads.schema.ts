/** `bulkheads.<name>`: named bulkheads; `default` holds what every named bulkhead inherits. */
import type { z } from 'zod';
import { duration, int, named, oneOf, section, type SchemaContext } from './fields.js';
import { compact, type ResolveContext } from './resolve-context.js';

export const BULKHEAD_TYPE_VALUES = ['semaphore', 'worker'] as const;

export function bulkheadSchema(ctx: SchemaContext) {
  return section({
    type: oneOf(BULKHEAD_TYPE_VALUES).describe('semaphore (in-process limit) or worker (CPU-heavy work on worker threads)'),
    maxConcurrent: int(1).describe('Calls (or worker threads) running at once'),
    maxQueue: int(0).describe('Calls waiting for a slot; 0 rejects at once when full'),
    maxWaitMs: duration(ctx, { bareIsMs: true }).describe('Longest time a queued call waits for a slot (unset: no limit)'),
  });
}

export function bulkheadsSchema(ctx: SchemaContext) {
  return named(bulkheadSchema(ctx)).describe('Named bulkheads; `default` is inherited by every name');
}

export type BulkheadInput = z.output<ReturnType<typeof bulkheadSchema>>;

export interface ResolvedBulkheadConfig {
  type: (typeof BULKHEAD_TYPE_VALUES)[number];
  maxConcurrent: number;
  maxQueue: number;
  maxWaitMs?: number;
}

export const BULKHEAD_DEFAULTS: ResolvedBulkheadConfig = { type: 'semaphore', maxConcurrent: 10, maxQueue: 0 };

export function resolveBulkheads(
  input: Record<string, BulkheadInput> | undefined,
  _ctx: ResolveContext,
): Record<string, ResolvedBulkheadConfig> {
  const base = { ...BULKHEAD_DEFAULTS, ...compact(input?.default ?? {}) };
  const out: Record<string, ResolvedBulkheadConfig> = { default: base };
  for (const [name, own] of Object.entries(input ?? {})) {
    if (name !== 'default') out[name] = { ...base, ...compact(own) };
  }
  return out;
}
