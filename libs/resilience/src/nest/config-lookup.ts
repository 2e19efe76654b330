/**
 * Reads a named instance's options out of the resolved configuration. The config layer has already
 * merged `default` into every named entry, so a name is its own entry, or `default` when the
 * configuration does not mention it (as resilience4j: an unknown name runs with the defaults).
 */
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import type { ResolvedBreakerConfig } from '../config/schema/circuit-breakers.schema.js';
import type { ResolvedBulkheadConfig } from '../config/schema/bulkheads.schema.js';
import type { ResolvedRetryConfig } from '../config/schema/retries.schema.js';
import type { ResolvedTimeoutConfig } from '../config/schema/timeouts.schema.js';

/** The sections of `ResolvedResilienceConfig` the registries read. */
export interface NamedPolicyConfig {
  circuitBreakers: Record<string, ResolvedBreakerConfig>;
  bulkheads: Record<string, ResolvedBulkheadConfig>;
  retries: Record<string, ResolvedRetryConfig>;
  timeouts: Record<string, ResolvedTimeoutConfig>;
}

function entry<T>(section: Record<string, T> | undefined, name: string): T | undefined {
  if (section === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(section, name) ? section[name] : section.default;
}

export function breakerConfig(config: NamedPolicyConfig, name: string): Omit<CircuitBreakerOptions, 'name'> {
  const c = entry(config.circuitBreakers, name);
  return c ? { ...c, slidingWindow: { ...c.slidingWindow } } : {};
}

export function bulkheadConfig(config: NamedPolicyConfig, name: string): Partial<ResolvedBulkheadConfig> {
  const c = entry(config.bulkheads, name);
  return c ? { ...c } : {};
}

export function retryConfig(config: NamedPolicyConfig, name: string): Partial<ResolvedRetryConfig> {
  const c = entry(config.retries, name);
  return c ? { ...c, backoff: { ...c.backoff } } : {};
}

export function timeoutConfig(config: NamedPolicyConfig, name: string): Partial<ResolvedTimeoutConfig> {
  const c = entry(config.timeouts, name);
  return c ? { ...c } : {};
}
