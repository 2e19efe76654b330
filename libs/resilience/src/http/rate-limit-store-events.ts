/**
 * The HTTP layer's own log events (`rate_limit_store_fallback` / `_recovered`), built like the other
 * DESIGN §4 events: the event name is the message, the flat snake_case fields the structured param,
 * so a JSON logger prints one object with the fields at the root.
 */
import { Logger, type LoggerService } from '@nestjs/common';
import { redactError } from '../core/pools/redact.js';
import type { LogEventFields } from '../logging/log-event-fields.js';
import { RESILIENCE_LOG_EVENTS as E } from '../logging/log-event-names.js';
import { RESILIENCE_LOGGER_CONTEXT } from '../logging/resilience-event-logger.js';

/** `limiter` says which one fell back: `http` (the app-wide limit) or `route:GET /x` (a `@RateLimit` route). */
export function rateLimitStoreFallbackFields(poolName: string, limiter: string, error: unknown): LogEventFields {
  return {
    event: E.rateLimitStoreFallback,
    pool_name: poolName,
    limiter,
    error: redactError(error), // a Redis error may carry the connection URL
    fallback: 'memory',
  };
}

export function rateLimitStoreRecoveredFields(poolName: string, limiter: string): LogEventFields {
  return { event: E.rateLimitStoreRecovered, pool_name: poolName, limiter };
}

/** Writes one event as the event logger does: warn for the fallback, info (`log`) for the recovery. */
export function writeRateLimitStoreEvent(logger: LoggerService, fields: LogEventFields): void {
  if (fields.event === E.rateLimitStoreFallback) logger.warn(fields.event, fields);
  else logger.log(fields.event, fields);
}

/** The default: the same `Resilience` context as the other events, following the app's logger. */
export function defaultHttpEventLogger(): LoggerService {
  return new Logger(RESILIENCE_LOGGER_CONTEXT);
}
