import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthStatus } from './health-rules.js';

/** A Terminus indicator result under `key` with `status` and the other fields as its data. */
export function toIndicatorResult<D extends { status: HealthStatus }>(
  indicators: HealthIndicatorService,
  key: string,
  details: D,
): HealthIndicatorResult {
  const { status, ...data } = details;
  // `data` has no `status` (taken out above), which Terminus's type guard cannot see through the generic.
  const fields = data as Record<string, unknown>;
  const session = indicators.check(key);
  return status === 'up' ? session.up(fields) : status === 'degraded' ? session.degraded(fields) : session.down(fields);
}
