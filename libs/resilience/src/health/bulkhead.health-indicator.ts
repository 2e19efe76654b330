/** Terminus indicator for bulkheads: one by name, or all. A saturated bulkhead (no slot, no queue place) is `degraded`. */
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ResilienceSources } from '../metrics/resilience-sources.js';
import { bulkheadDetails } from './health-report.js';
import { worstHealth } from './health-rules.js';
import { toIndicatorResult } from './to-indicator-result.js';

@Injectable()
export class BulkheadHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(RESILIENCE_SOURCES) private readonly sources: ResilienceSources,
  ) {}

  /** The bulkhead `name`, reported under `key` (default: its name). Unknown names are `down`. */
  isHealthy(name: string, key: string = name): HealthIndicatorResult {
    for (const bulkhead of this.sources.bulkheads()) {
      if (bulkhead.name === name) return toIndicatorResult(this.indicators, key, bulkheadDetails(bulkhead));
    }
    return this.indicators.check(key).down({ message: `No bulkhead named "${name}"` });
  }

  checkAll(key = 'bulkheads'): HealthIndicatorResult {
    const bulkheads: Record<string, ReturnType<typeof bulkheadDetails>> = {};
    for (const bulkhead of this.sources.bulkheads()) bulkheads[bulkhead.name] = bulkheadDetails(bulkhead);
    return toIndicatorResult(this.indicators, key, { status: worstHealth(Object.values(bulkheads).map((b) => b.status)), bulkheads });
  }
}
