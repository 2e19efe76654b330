import type { LoggerService } from '@nestjs/common';
import { RESILIENCE_LOG_EVENTS } from '../logging/log-event-names.js';
import { rateLimitStoreFallbackFields, rateLimitStoreRecoveredFields, writeRateLimitStoreEvent } from './rate-limit-store-events.js';

function recorder(): { logger: LoggerService; calls: [string, unknown, unknown][] } {
  const calls: [string, unknown, unknown][] = [];
  const at =
    (level: string) =>
    (message: unknown, fields?: unknown): void => {
      calls.push([level, message, fields]);
    };
  return { logger: { log: at('log'), warn: at('warn'), error: at('error') }, calls };
}

describe('rate-limit store log events', () => {
  it('are listed with the other DESIGN §4 events', () => {
    expect(RESILIENCE_LOG_EVENTS.rateLimitStoreFallback).toBe('rate_limit_store_fallback');
    expect(RESILIENCE_LOG_EVENTS.rateLimitStoreRecovered).toBe('rate_limit_store_recovered');
  });

  it('logs the fallback at warn, the name as message and flat fields, with secrets in URLs masked', () => {
    const { logger, calls } = recorder();
    const error = new Error('connect ECONNREFUSED redis://app:hunter2@10.0.0.5:6379');
    writeRateLimitStoreEvent(logger, rateLimitStoreFallbackFields('default', 'route:GET /api/x', error));
    expect(calls).toHaveLength(1);
    const [level, message, fields] = calls[0];
    expect([level, message]).toEqual(['warn', 'rate_limit_store_fallback']);
    expect(fields).toEqual({
      event: 'rate_limit_store_fallback',
      pool_name: 'default',
      limiter: 'route:GET /api/x',
      error: 'Error: connect ECONNREFUSED redis://app:****@10.0.0.5:6379',
      fallback: 'memory',
    });
  });

  it('logs the recovery at info', () => {
    const { logger, calls } = recorder();
    writeRateLimitStoreEvent(logger, rateLimitStoreRecoveredFields('default', 'http'));
    expect(calls).toEqual([
      ['log', 'rate_limit_store_recovered', { event: 'rate_limit_store_recovered', pool_name: 'default', limiter: 'http' }],
    ]);
  });
});
