/**
 * Terminus indicator for connection pools. Reads each pool's cached status (kept by its periodic
 * health check), so it never waits on Redis or the upstream. A non-critical pool that is down
 * reports `degraded`; a critical one `down` (HTTP 503).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ObservedPool, type ResilienceSources } from '../metrics/resilience-sources.js';
import { poolDetails } from './health-report.js';
import { RESILIENCE_HEALTH_RULES, healthRules, type HealthRules } from './health-rules.js';
import { namedIndicatorResult, summaryIndicatorResult } from './to-indicator-result.js';

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
    return namedIndicatorResult(this.indicators, key, name, this.sources.pools(), this.details, 'connection pool');
  }

  /** Every pool under `key`, with the worst status of them as the status. */
  checkAll(key = 'connection_pools'): HealthIndicatorResult {
    return summaryIndicatorResult(this.indicators, key, 'pools', this.sources.pools(), this.details);
  }

  /** Readiness: only the critical pools; `down` while any of them is down. */
  checkCritical(key = 'critical_pools'): HealthIndicatorResult {
    return summaryIndicatorResult(this.indicators, key, 'pools', this.sources.pools(), this.details, (name) =>
      this.rules.isCriticalPool(name),
    );
  }

  private readonly details = (pool: ObservedPool) => poolDetails(pool, this.rules);
}
