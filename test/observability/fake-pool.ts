/** A pool test double with fixed stats, for health and metrics specs that need a given status. */
import type { PoolStats, PoolStatus } from '../../libs/resilience/src/core/pools/pool-types.js';
import type { ObservedPool } from '../../libs/resilience/src/metrics/resilience-sources.js';

export function fakePool(name: string, status: PoolStatus, extra: Partial<PoolStats> = {}): ObservedPool {
  const stats: PoolStats = {
    name,
    kind: 'redis',
    status,
    active: 1,
    idle: 2,
    waiting: 0,
    failed: 0,
    healthCheckFailures: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastCheckAt: 0,
    lastCheckLatencyMs: 1,
    totalAcquired: 0,
    acquireWaitMsTotal: 0,
    acquireTimeouts: 0,
    ...extra,
  };
  return { name, kind: 'redis', status, stats: () => stats };
}
