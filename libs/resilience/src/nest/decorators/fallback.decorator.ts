import { FALLBACK_METADATA } from '../tokens.js';
import { defineMethodMetadata, requireArg, type FallbackMetadata } from './method-metadata.js';

/**
 * When the call fails (after retries, or rejected by a breaker/bulkhead/timeout), answers with the
 * fallback instead: a method name on the same instance, or a function. Either is called with
 * `this` = the instance and `(error, ...originalArgs)`; a fallback that throws rejects the call with its error.
 */
export function Fallback(fallback: string | ((error: unknown, ...args: any[]) => unknown)): MethodDecorator {
  requireArg(
    (typeof fallback === 'string' && fallback.length > 0) || typeof fallback === 'function',
    'Fallback',
    'fallback',
    'must be a method name or a function (error, ...args) => value',
  );
  const meta: FallbackMetadata = typeof fallback === 'string' ? { method: fallback } : { fn: fallback };
  return defineMethodMetadata('Fallback', FALLBACK_METADATA, meta);
}
