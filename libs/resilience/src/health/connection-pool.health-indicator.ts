/**
 * Terminus indicator for connection pools. Reads each pool's cached status (kept by its periodic
 * health check), so it never waits on Redis or the upstream. A non-critical pool that is down
 * reports `degraded`; a critical one `down` (HTTP 503).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ResilienceSources } from '../metrics/resilience-sources.js';
import { poolDetails } from './health-report.js';
import { RESILIENCE_HEALTH_RULES, healthRules, worstHealth, type HealthRules } from './health-rules.js';
import { toIndicatorResult } from './to-indicator-result.js';

type Details = ReturnType<typeof poolDetails>;

@Injectable()
export class ConnectionPoolHealthIndicator {
  private readonly rules: HealthRules;

  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(RESILIENCE_SOURCES) private readonly sources: ResilienceSources,
    @Optional() @Inject(RESILIENCE_HEALTH_RULES) rules?: HealthRules,
  ) {
    this.rules = rules ?? healthRules();
  }

  /** The pool `name`, reported under `key` (default: its name). Unknown names are `down`. */
  isHealthy(name: string, key: string = name): HealthIndicatorResult {
    for (const pool of this.sources.pools()) {
      if (pool.name === name) return toIndicatorResult(this.indicators, key, poolDetails(pool, this.rules));
    }
    return this.indicators.check(key).down({ message: `No connection pool named "${name}"` });
  }

  /** Every pool under `key`, with the worst status of them as the status. */
  checkAll(key = 'connection_pools'): HealthIndicatorResult {
    return this.summarize(key, () => true);
  }

  /** Readiness: only the critical pools; `down` while any of them is down. */
  checkCritical(key = 'critical_pools'): HealthIndicatorResult {
    return this.summarize(key, (name) => this.rules.isCriticalPool(name));
  }

  private summarize(key: string, include: (name: string) => boolean): HealthIndicatorResult {
    const pools: Record<string, Details> = {};
    for (const pool of this.sources.pools()) if (include(pool.name)) pools[pool.name] = poolDetails(pool, this.rules);
    return toIndicatorResult(this.indicators, key, { status: worstHealth(Object.values(pools).map((p) => p.status)), pools });
  }
}
