import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { worstHealth, type HealthStatus } from './health-rules.js';

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

/** The instance `name` among `items` as a result under `key`; an unknown name is `down`, saying what was missing. */
export function namedIndicatorResult<T extends { readonly name: string }, D extends { status: HealthStatus }>(
  indicators: HealthIndicatorService,
  key: string,
  name: string,
  items: Iterable<T>,
  details: (item: T) => D,
  what: string,
): HealthIndicatorResult {
  for (const item of items) if (item.name === name) return toIndicatorResult(indicators, key, details(item));
  return indicators.check(key).down({ message: `No ${what} named "${name}"` });
}

/** Every included item's details under `key`.`field`, with the worst of their statuses as the status. */
export function summaryIndicatorResult<T extends { readonly name: string }, D extends { status: HealthStatus }>(
  indicators: HealthIndicatorService,
  key: string,
  field: string,
  items: Iterable<T>,
  details: (item: T) => D,
  include: (name: string) => boolean = () => true,
): HealthIndicatorResult {
  const byName: Record<string, D> = {};
  for (const item of items) if (include(item.name)) byName[item.name] = details(item);
  return toIndicatorResult(indicators, key, { status: worstHealth(Object.values(byName).map((d) => d.status)), [field]: byName });
}
