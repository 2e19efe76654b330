/**
 * `RESILIENCE_SOURCES` for the Nest module: the registries' instances and the pool manager's pools,
 * read at every scrape or health request, so instances created after start-up are included.
 */
import type { FactoryProvider } from '@nestjs/common';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import { BulkheadRegistry } from '../nest/bulkhead.registry.js';
import { CircuitBreakerRegistry } from '../nest/circuit-breaker.registry.js';
import { RESILIENCE_SOURCES, type ResilienceSources } from './resilience-sources.js';

export function registrySources(
  breakers: CircuitBreakerRegistry,
  bulkheads: BulkheadRegistry,
  pools: ConnectionPoolManager,
): ResilienceSources {
  return { breakers: () => breakers.getAll(), bulkheads: () => bulkheads.getAll(), pools: () => pools.list() };
}

export const registrySourcesProvider: FactoryProvider<ResilienceSources> = {
  provide: RESILIENCE_SOURCES,
  useFactory: registrySources,
  inject: [CircuitBreakerRegistry, BulkheadRegistry, ConnectionPoolManager],
};
