/**
 * `RESILIENCE_SOURCES` for the Nest module: the registries' instances, the HTTP layer's per-route
 * breakers and bulkheads (named `route:<METHOD> <template>`, a bounded set), and the pool manager's
 * pools, read at every scrape or health request, so instances created after start-up are included.
 */
import type { FactoryProvider } from '@nestjs/common';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import { RouteResilienceRegistry } from '../http/route-resilience.registry.js';
import { BulkheadRegistry } from '../nest/bulkhead.registry.js';
import { CircuitBreakerRegistry } from '../nest/circuit-breaker.registry.js';
import { RESILIENCE_SOURCES, type ObservedBreaker, type ObservedBulkhead, type ResilienceSources } from './resilience-sources.js';

export function registrySources(
  breakers: CircuitBreakerRegistry,
  bulkheads: BulkheadRegistry,
  pools: ConnectionPoolManager,
  routes?: RouteResilienceRegistry | null,
): ResilienceSources {
  if (!routes) return { breakers: () => breakers.getAll(), bulkheads: () => bulkheads.getAll(), pools: () => pools.list() };
  return {
    breakers: () => withRouteInstances<ObservedBreaker>(breakers.getAll(), routes.routeBreakers.values()),
    bulkheads: () => {
      const http = routes.httpBulkhead;
      return withRouteInstances<ObservedBulkhead>(bulkheads.getAll(), http ? [http] : [], routes.routeBulkheads.values());
    },
    pools: () => pools.list(),
  };
}

function* withRouteInstances<T>(...groups: Iterable<T>[]): Iterable<T> {
  for (const group of groups) yield* group;
}

export const registrySourcesProvider: FactoryProvider<ResilienceSources> = {
  provide: RESILIENCE_SOURCES,
  useFactory: registrySources,
  inject: [CircuitBreakerRegistry, BulkheadRegistry, ConnectionPoolManager, { token: RouteResilienceRegistry, optional: true }],
};
