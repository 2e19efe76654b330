/**
 * The detailed health of every pool, breaker and bulkhead, built from in-memory state only (pool
 * statuses come from their periodic checks), so a health request never calls a dependency.
 * Timestamps are ISO strings; errors are redacted again here so no secret reaches the output.
 */
import { redactError } from '../core/pools/redact.js';
import type { ObservedBreaker, ObservedBulkhead, ObservedPool, ResilienceSources } from '../metrics/resilience-sources.js';
import { breakerHealth, bulkheadHealth, poolHealth, worstHealth, type HealthRules, type HealthStatus } from './health-rules.js';

export interface PoolHealthDetails {
  status: HealthStatus;
  /** The pool's own status; `status` is what it means for the app (a non-critical pool down is `degraded`). */
  poolStatus: 'up' | 'degraded' | 'down';
  kind: string;
  critical: boolean;
  active: number;
  idle: number;
  waiting: number;
  failed: number;
  healthCheckFailures: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastCheckAt: string | null;
}

export interface BreakerHealthDetails {
  status: HealthStatus;
  state: string;
  failureCount: number;
  successCount: number;
  rejectedCount: number;
  /** Percent of the window's calls that failed; null when not known (too few calls, or a consecutive window). */
  failureRate: number | null;
  consecutiveFailures: number;
  openedAt: string | null;
  nextAttemptAt: string | null;
}

export interface BulkheadHealthDetails {
  status: HealthStatus;
  active: number;
  queued: number;
  maxConcurrent: number;
  maxQueue: number;
  rejected: number;
}

export interface HealthReport {
  status: HealthStatus;
  checkedAt: string;
  pools: Record<string, PoolHealthDetails>;
  circuitBreakers: Record<string, BreakerHealthDetails>;
  bulkheads: Record<string, BulkheadHealthDetails>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function poolDetails(pool: ObservedPool, rules: HealthRules): PoolHealthDetails {
  const s = pool.stats();
  const critical = rules.isCriticalPool(pool.name);
  return {
    status: poolHealth(s.status, critical),
    poolStatus: s.status,
    kind: s.kind,
    critical,
    active: s.active,
    idle: s.idle,
    waiting: s.waiting,
    failed: s.failed,
    healthCheckFailures: s.healthCheckFailures,
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError === null ? null : redactError(s.lastError),
    lastCheckAt: iso(s.lastCheckAt),
  };
}

export function breakerDetails(breaker: ObservedBreaker, rules: HealthRules): BreakerHealthDetails {
  const s = breaker.snapshot();
  return {
    status: breakerHealth(s.state, rules.breakerFailsHealth(breaker.name)),
    state: s.state,
    failureCount: s.failureCount,
    successCount: s.successCount,
    rejectedCount: s.rejectedCount,
    failureRate: s.failureRate < 0 ? null : s.failureRate,
    consecutiveFailures: s.consecutiveFailures,
    openedAt: iso(s.openedAt),
    nextAttemptAt: iso(s.nextAttemptAt),
  };
}

export function bulkheadDetails(bulkhead: ObservedBulkhead): BulkheadHealthDetails {
  const s = bulkhead.snapshot();
  return {
    status: bulkheadHealth(s),
    active: s.active,
    queued: s.queued,
    maxConcurrent: s.maxConcurrent,
    maxQueue: s.maxQueue,
    rejected: s.rejected,
  };
}

function byName<I extends { name: string }, D>(items: Iterable<I>, details: (item: I) => D): Record<string, D> {
  const out: Record<string, D> = {};
  for (const item of items) out[item.name] = details(item);
  return out;
}

export function buildHealthReport(sources: ResilienceSources, rules: HealthRules, now: () => number = Date.now): HealthReport {
  const pools = byName(sources.pools(), (p) => poolDetails(p, rules));
  const circuitBreakers = byName(sources.breakers(), (b) => breakerDetails(b, rules));
  const bulkheads = byName(sources.bulkheads(), bulkheadDetails);
  const status = worstHealth(
    [...Object.values(pools), ...Object.values(circuitBreakers), ...Object.values(bulkheads)].map((d) => d.status),
  );
  return { status, checkedAt: new Date(now()).toISOString(), pools, circuitBreakers, bulkheads };
}

/** The overall status alone, without building the details (for the fast `/health`). */
export function overallHealth(sources: ResilienceSources, rules: HealthRules): HealthStatus {
  let worst: HealthStatus = 'up';
  const consider = (s: HealthStatus): boolean => {
    if (s === 'down') return true;
    if (s === 'degraded') worst = 'degraded';
    return false;
  };
  for (const p of sources.pools()) if (consider(poolHealth(p.status, rules.isCriticalPool(p.name)))) return 'down';
  for (const b of sources.breakers()) if (consider(breakerHealth(b.snapshot().state, rules.breakerFailsHealth(b.name)))) return 'down';
  for (const b of sources.bulkheads()) if (consider(bulkheadHealth(b.snapshot()))) return 'down';
  return worst;
}
