/**
 * Options for one named policy instance, ready for the core constructors. Inheritance from `default`
 * already happened at resolution; a name that is not configured gets the `default` entry.
 */
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import type { ResolvedResilienceConfig } from './schema/resilience.schema.js';
import type { ResolvedBulkheadConfig } from './schema/bulkheads.schema.js';
import type { ResolvedRetryConfig } from './schema/retries.schema.js';
import type { ResolvedTimeoutConfig } from './schema/timeouts.schema.js';

const pick = <T>(instances: Record<string, T>, name: string): T => (Object.hasOwn(instances, name) ? instances[name] : instances.default);

export function breakerOptions(config: ResolvedResilienceConfig, name: string): CircuitBreakerOptions {
  const c = pick(config.circuitBreakers, name);
  return { name, ...c, slidingWindow: { ...c.slidingWindow } };
}

export type NamedBulkheadOptions = ResolvedBulkheadConfig & { name: string };
export function bulkheadOptions(config: ResolvedResilienceConfig, name: string): NamedBulkheadOptions {
  return { name, ...pick(config.bulkheads, name) };
}

export type NamedRetryOptions = ResolvedRetryConfig & { name: string };
export function retryOptions(config: ResolvedResilienceConfig, name: string): NamedRetryOptions {
  const c = pick(config.retries, name);
  return { name, ...c, backoff: { ...c.backoff } };
}

export type NamedTimeoutOptions = ResolvedTimeoutConfig & { name: string };
export function timeoutOptions(config: ResolvedResilienceConfig, name: string): NamedTimeoutOptions {
  return { name, ...pick(config.timeouts, name) };
}
