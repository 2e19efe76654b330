/**
 * Which states make a health answer fail (as resilience4j's `allowHealthIndicatorToFail`).
 *
 * Defaults: an open breaker is `degraded` (HTTP 200: the app still answers, with fallbacks or fast
 * 503s) unless it is listed in `failOnOpenBreakers`; a `down` pool is `down` (HTTP 503, readiness
 * fails) only when it is critical, else `degraded`; a bulkhead with every slot and queue place
 * taken is `degraded`, never `down` (it sheds load by design).
 */
import type { BreakerStateName } from '../core/errors.js';
import type { PoolStatus } from '../core/pools/pool-types.js';
import type { ObservedBulkheadSnapshot } from '../metrics/resilience-sources.js';

export type HealthStatus = 'up' | 'degraded' | 'down';

export interface ResilienceHealthOptions {
  /** Pools whose `down` status fails readiness and the detailed answer. Pools marked `critical` in their config count too. */
  criticalPools?: readonly string[];
  /** Breakers whose open (or forced open) state reports `down` instead of `degraded`; `true` for every breaker. */
  failOnOpenBreakers?: readonly string[] | boolean;
}

export interface HealthRules {
  isCriticalPool(name: string): boolean;
  breakerFailsHealth(name: string): boolean;
}

export const RESILIENCE_HEALTH_RULES = Symbol.for('nest-resilience.health-rules');

export function healthRules(
  options: ResilienceHealthOptions = {},
  poolFlaggedCritical: (name: string) => boolean = () => false,
): HealthRules {
  const critical = new Set(options.criticalPools ?? []);
  const failOpen = options.failOnOpenBreakers ?? false;
  const failOpenSet = typeof failOpen === 'boolean' ? undefined : new Set(failOpen);
  return {
    isCriticalPool: (name) => critical.has(name) || poolFlaggedCritical(name),
    breakerFailsHealth: (name) => (failOpenSet === undefined ? failOpen === true : failOpenSet.has(name)),
  };
}

export function breakerHealth(state: BreakerStateName, failsHealth: boolean): HealthStatus {
  switch (state) {
    case 'closed':
    case 'disabled':
      return 'up';
    case 'half_open':
      return 'degraded';
    case 'open':
    case 'forced_open':
      return failsHealth ? 'down' : 'degraded';
  }
}

export function poolHealth(status: PoolStatus, critical: boolean): HealthStatus {
  return status === 'down' && !critical ? 'degraded' : status;
}

export function bulkheadHealth(s: ObservedBulkheadSnapshot): HealthStatus {
  return s.active >= s.maxConcurrent && s.queued >= s.maxQueue ? 'degraded' : 'up';
}

const RANK: Record<HealthStatus, number> = { up: 0, degraded: 1, down: 2 };

export function worstHealth(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'up';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}
