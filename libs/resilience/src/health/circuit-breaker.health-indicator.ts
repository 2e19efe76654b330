/**
 * Terminus indicator for circuit breakers: one by name, or all under one key. By default an open
 * breaker is `degraded` (HTTP 200); list it in `health.failOnOpenBreakers` to make it `down` (503).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ObservedBreaker, type ResilienceSources } from '../metrics/resilience-sources.js';
import { breakerDetails } from './health-report.js';
import { RESILIENCE_HEALTH_RULES, healthRules, type HealthRules } from './health-rules.js';
import { namedIndicatorResult, summaryIndicatorResult } from './to-indicator-result.js';

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
    return namedIndicatorResult(this.indicators, key, name, this.sources.breakers(), this.details, 'circuit breaker');
  }

  /** Every breaker under `key`, with the worst status of them as the status. */
  checkAll(key = 'circuit_breakers'): HealthIndicatorResult {
    return summaryIndicatorResult(this.indicators, key, 'breakers', this.sources.breakers(), this.details);
  }

  private readonly details = (breaker: ObservedBreaker) => breakerDetails(breaker, this.rules);
}
