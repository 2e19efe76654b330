/** Injection tokens shared by the Nest layer. */

/** The resolved, validated configuration (`ResolvedResilienceConfig` from config/). */
export const RESILIENCE_CONFIG = Symbol.for('nest-resilience.config');

/** Metadata keys written by the method decorators and read by the explorer. */
export const CIRCUIT_BREAKER_METADATA = 'nest-resilience:circuit-breaker';
export const BULKHEAD_METADATA = 'nest-resilience:bulkhead';
export const RETRY_METADATA = 'nest-resilience:retry';
export const TIMEOUT_METADATA = 'nest-resilience:timeout';
export const FALLBACK_METADATA = 'nest-resilience:fallback';
export const RATE_LIMIT_METADATA = 'nest-resilience:rate-limit';
export const SKIP_RESILIENCE_METADATA = 'nest-resilience:skip';

/**
 * Optional provider (from a feature such as the HTTP layer): makes the policy for a method's
 * `RATE_LIMIT_METADATA`, slotted between the circuit breaker and the timeout. Without it the
 * explorer leaves rate-limit metadata to whoever reads it (e.g. a route guard).
 */
export const RATE_LIMIT_POLICY_FACTORY = Symbol.for('nest-resilience.rate-limit-policy-factory');

/**
 * Optional provider (the HTTP layer's route binder): `{ bindRoutes(): void }`, called from the
 * module's `configure()` right after the explorer, before Nest binds the routes.
 */
export const ROUTE_BINDER = Symbol.for('nest-resilience.route-binder');
