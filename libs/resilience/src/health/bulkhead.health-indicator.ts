/** Terminus indicator for bulkheads: one by name, or all. A saturated bulkhead (no slot, no queue place) is `degraded`. */
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ResilienceSources } from '../metrics/resilience-sources.js';
import { bulkheadDetails } from './health-report.js';
import { namedIndicatorResult, summaryIndicatorResult } from './to-indicator-result.js';

@Injectable()
export class BulkheadHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(RESILIENCE_SOURCES) private readonly sources: ResilienceSources,
  ) {}

  /** The bulkhead `name`, reported under `key` (default: its name). Unknown names are `down`. */
  isHealthy(name: string, key: string = name): HealthIndicatorResult {
    return namedIndicatorResult(this.indicators, key, name, this.sources.bulkheads(), bulkheadDetails, 'bulkhead');
  }

  /** Every bulkhead under `key`, with the worst status of them as the status. */
  checkAll(key = 'bulkheads'): HealthIndicatorResult {
    return summaryIndicatorResult(this.indicators, key, 'bulkheads', this.sources.bulkheads(), bulkheadDetails);
  }
}
