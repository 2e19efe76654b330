import { RETRY_METADATA } from '../tokens.js';
import { defineMethodMetadata, isPlainObject, requireArg, type NamedPolicyMetadata } from './method-metadata.js';

/** Per-method retry options; any other `RetryPolicy` option passes through unchanged. */
export interface RetryOverrides {
  /** Attempts in total, the first call included. */
  maxAttempts?: number;
  /** Same as `maxAttempts` (the spelling of issue 3's example). */
  attempts?: number;
  backoff?: { initialDelayMs?: number; maxDelayMs?: number; multiplier?: number; jitter?: 'full' | 'decorrelated' | 'none' };
  retryOn?: unknown;
  retryOnCircuitOpen?: boolean;
  retryOnBulkheadFull?: boolean;
  [option: string]: unknown;
}

export interface RetryDecoratorOptions extends RetryOverrides {
  /** The named retry config to start from (`retries.<name>`); default `default`. */
  name?: string;
}

/**
 * Retries the method on failure: `@Retry()` uses `retries.default`, `@Retry('name')` the named
 * config, `@Retry({ attempts: 3 })` overrides it for this method only.
 */
export function Retry(nameOrOptions?: string | RetryDecoratorOptions): MethodDecorator {
  let meta: NamedPolicyMetadata<RetryOverrides>;
  if (nameOrOptions === undefined) meta = { name: 'default' };
  else if (typeof nameOrOptions === 'string') {
    requireArg(nameOrOptions.length > 0, 'Retry', 'name', 'must be a non-empty string');
    meta = { name: nameOrOptions };
  } else {
    requireArg(isPlainObject(nameOrOptions), 'Retry', 'options', 'must be a name or an options object');
    const { name = 'default', attempts, ...rest } = nameOrOptions;
    requireArg(attempts === undefined || rest.maxAttempts === undefined, 'Retry', 'options', 'give attempts or maxAttempts, not both');
    const overrides: RetryOverrides = attempts === undefined ? rest : { ...rest, maxAttempts: attempts };
    meta = { name, overrides: Object.keys(overrides).length > 0 ? overrides : undefined };
  }
  return defineMethodMetadata('Retry', RETRY_METADATA, meta);
}
