/** Applies defaults, `default`-instance inheritance and the rules that span keys to the merged tree of every source. */
import { resolveCircuitBreakers } from './schema/circuit-breakers.schema.js';
import { resolveBulkheads } from './schema/bulkheads.schema.js';
import { resolveRetries } from './schema/retries.schema.js';
import { resolveTimeouts } from './schema/timeouts.schema.js';
import { resolveConnectionPools } from './schema/connection-pools.schema.js';
import { resolveMiddleware } from './schema/middleware.schema.js';
import { resolveHealth } from './schema/health.schema.js';
import { resolveMetrics } from './schema/metrics.schema.js';
import { resolveLogging } from './schema/logging.schema.js';
import type { ResilienceInput, ResolvedResilienceConfig } from './schema/resilience.schema.js';
import type { ResolveContext } from './schema/resolve-context.js';

export function resolveTree(merged: ResilienceInput, ctx: ResolveContext, configFile: string | null): ResolvedResilienceConfig {
  const connectionPools = resolveConnectionPools(merged.connectionPools, ctx);
  const pools = [...Object.entries(connectionPools.http), ...Object.entries(connectionPools.redis)];
  const health = resolveHealth(merged.health, ctx, {
    names: pools.map(([name]) => name),
    critical: pools.filter(([, p]) => p.critical).map(([name]) => name),
  });
  const metrics = resolveMetrics(merged.metrics, ctx);
  return {
    circuitBreakers: resolveCircuitBreakers(merged.circuitBreakers, ctx),
    bulkheads: resolveBulkheads(merged.bulkheads, ctx),
    retries: resolveRetries(merged.retries, ctx),
    timeouts: resolveTimeouts(merged.timeouts, ctx),
    connectionPools,
    middleware: resolveMiddleware(merged.middleware, ctx, {
      defaultBreaker: merged.circuitBreakers?.default,
      redisPoolNames: Object.keys(connectionPools.redis),
      healthPath: health.path,
      metricsPath: metrics.path,
    }),
    health,
    metrics,
    logging: resolveLogging(merged.logging),
    configFile,
  };
}
