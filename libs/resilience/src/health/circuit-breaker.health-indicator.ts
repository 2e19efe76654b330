/**
 * Terminus indicator for circuit breakers: one by name, or all under one key. By default an open
 * breaker is `degraded` (HTTP 200); list it in `health.failOnOpenBreakers` to make it `down` (503).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ResilienceSources } from '../metrics/resilience-sources.js';
import { breakerDetails } from './health-report.js';
import { RESILIENCE_HEALTH_RULES, healthRules, worstHealth, type HealthRules } from './health-rules.js';
import { toIndicatorResult } from './to-indicator-result.js';

@Injectable()
export class CircuitBreakerHealthIndicator {
  private readonly rules: HealthRules;

  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(RESILIENCE_SOURCES) private readonly sources: ResilienceSources,
    @Optional() @Inject(RESILIENCE_HEALTH_RULES) rules?: HealthRules,
  ) {
    this.rules = rules ?? healthRules();
  }

  /** The breaker `name`, reported under `key` (default: its name). Unknown names are `down`. */
  isHealthy(name: string, key: string = name): HealthIndicatorResult {
    for (const breaker of this.sources.breakers()) {
      if (breaker.name === name) return toIndicatorResult(this.indicators, key, breakerDetails(breaker, this.rules));
    }
    return this.indicators.check(key).down({ message: `No circuit breaker named "${name}"` });
  }

  /** Every breaker under `key`, with the worst status of them as the status. */
  checkAll(key = 'circuit_breakers'): HealthIndicatorResult {
    const breakers: Record<string, ReturnType<typeof breakerDetails>> = {};
    for (const breaker of this.sources.breakers()) breakers[breaker.name] = breakerDetails(breaker, this.rules);
    return toIndicatorResult(this.indicators, key, { status: worstHealth(Object.values(breakers).map((b) => b.status)), breakers });
  }
}
