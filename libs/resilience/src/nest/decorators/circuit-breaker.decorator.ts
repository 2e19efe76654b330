import type { CircuitBreakerOptions } from '../../core/circuit-breaker/circuit-breaker-options.js';
import { CIRCUIT_BREAKER_METADATA } from '../tokens.js';
import { defineMethodMetadata, isPlainObject, requireArg, type NamedPolicyMetadata } from './method-metadata.js';

/** Per-method overrides of a named breaker's config (the name comes from the decorator). */
export type CircuitBreakerOverrides = Partial<Omit<CircuitBreakerOptions, 'name'>>;

/**
 * Runs the method through the circuit breaker `name` (config `circuitBreakers.<name>`, inheriting
 * `circuitBreakers.default`). Methods decorated with the same name and no options share one breaker;
 * `options` override the config for this method only, which gets its own breaker (see CircuitBreakerRegistry).
 */
export function CircuitBreaker(name: string, options?: CircuitBreakerOverrides): MethodDecorator {
  requireArg(typeof name === 'string' && name.length > 0, 'CircuitBreaker', 'name', 'must be a non-empty string');
  requireArg(options === undefined || isPlainObject(options), 'CircuitBreaker', 'options', 'must be an object');
  const meta: NamedPolicyMetadata<CircuitBreakerOverrides> = { name, overrides: options };
  return defineMethodMetadata('CircuitBreaker', CIRCUIT_BREAKER_METADATA, meta);
}
