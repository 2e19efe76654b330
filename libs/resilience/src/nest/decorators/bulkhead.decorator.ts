import type { BulkheadOptions } from '../../core/bulkhead/bulkhead-policy.js';
import { BULKHEAD_METADATA } from '../tokens.js';
import { defineMethodMetadata, isPlainObject, requireArg, type NamedPolicyMetadata } from './method-metadata.js';

export type BulkheadOverrides = Partial<Omit<BulkheadOptions, 'name'>>;

/**
 * Limits concurrent calls through the bulkhead `name` (config `bulkheads.<name>`, inheriting
 * `bulkheads.default`). Same sharing rule as `@CircuitBreaker`.
 */
export function Bulkhead(name: string, options?: BulkheadOverrides): MethodDecorator {
  requireArg(typeof name === 'string' && name.length > 0, 'Bulkhead', 'name', 'must be a non-empty string');
  requireArg(options === undefined || isPlainObject(options), 'Bulkhead', 'options', 'must be an object');
  const meta: NamedPolicyMetadata<BulkheadOverrides> = { name, overrides: options };
  return defineMethodMetadata('Bulkhead', BULKHEAD_METADATA, meta);
}
