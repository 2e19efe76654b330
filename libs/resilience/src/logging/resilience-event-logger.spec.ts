import type { LoggerService } from '@nestjs/common';
import { jest } from '@jest/globals';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { PoolHealthCheckFailure, PoolStatusChange, PoolStats } from '../core/pools/pool-types.js';
import { ResilienceEventLogger, type WatchablePool } from './resilience-event-logger.js';
import { createResilienceLogger, isJsonLogFormat } from './resilience-logger-factory.js';

interface Line {
  level: string;
  message: unknown;
  fields: Record<string, unknown>;
}

function captureLogger(): { logger: LoggerService; lines: Line[] } {
  const lines: Line[] = [];
  const put =
    (level: string) =>
    (message: unknown, ...params: unknown[]): void => {
      lines.push({ level, message, fields: (params[0] ?? {}) as Record<string, unknown> });
    };
  return { lines, logger: { log: put('log'), warn: put('warn'), error: put('error'), debug: put('debug'), verbose: put('verbose') } };
}

const fail = (): Promise<never> => Promise.reject(new Error('boom'));

async function trip(breaker: CircuitBreakerPolicy, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail).catch(() => undefined);
}

describe('ResilienceEventLogger', () => {
  it('logs circuit_breaker_opened with the seed fields, then half_open and closed', async () => {
    let now = 1_700_000_000_000;
    const breaker = new CircuitBreakerPolicy({ name: 'external_api', failureThreshold: 3, recoveryTimeout: 60_000, now: () => now });
    const { logger, lines } = captureLogger();
    const events = new ResilienceEventLogger({ logger, now: () => now });
    events.watchCircuitBreaker(breaker);

    await trip(breaker, 3);
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe('warn');
    expect(lines[0].message).toBe('circuit_breaker_opened');
    expect(lines[0].fields).toMatchObject({
      event: 'circuit_breaker_opened',
      circuit_breaker: 'external_api',
      failure_count: 3,
      failure_threshold: 3,
      recovery_timeout: 60,
      from_state: 'closed',
    });

    now += 60_000;
    await breaker.execute(() => 'ok');
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'circuit_breaker_opened'],
      ['log', 'circuit_breaker_half_open'],
      ['log', 'circuit_breaker_closed'],
    ]);
  });

  it('samples rejections: 10,000 rejections within two seconds give at most a handful of lines', async () => {
    let now = 0;
    const breaker = new CircuitBreakerPolicy({ name: 'hot', failureThreshold: 1, recoveryTimeout: 600_000, now: () => now });
    const { logger, lines } = captureLogger();
    new ResilienceEventLogger({ logger, now: () => now }).watchCircuitBreaker(breaker);
    await trip(breaker, 1);
    for (let i = 0; i < 10_000; i++) {
      if (i === 5_000) now += 1_000;
      await breaker.execute(() => 'never').catch(() => undefined);
    }
    const rejections = lines.filter((l) => l.message === 'circuit_breaker_rejected');
    expect(rejections).toHaveLength(2);
    expect(rejections[1].fields.suppressed_since_last).toBe(4_999);
    expect(breaker.snapshot().rejectedCount).toBe(10_000);
  });

  it('watching twice does not log twice, and dispose stops logging', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'twice', failureThreshold: 1 });
    const { logger, lines } = captureLogger();
    const events = new ResilienceEventLogger({ logger });
    events.watchCircuitBreaker(breaker);
    events.watchCircuitBreaker(breaker);
    await trip(breaker, 1);
    expect(lines).toHaveLength(1);
    events.dispose();
    breaker.reset();
    await trip(breaker, 1);
    expect(lines).toHaveLength(1);
  });

  it('logs pool health-check failures at warn (secrets redacted) and recovery at info', () => {
    const statusListeners: ((c: PoolStatusChange) => void)[] = [];
    const failureListeners: ((f: PoolHealthCheckFailure) => void)[] = [];
    const pool: WatchablePool = {
      name: 'main_cache',
      kind: 'redis',
      status: 'up',
      stats: () => ({}) as PoolStats,
      onStatusChange: (l) => (statusListeners.push(l), () => undefined),
      onHealthCheckFailed: (l) => (failureListeners.push(l), () => undefined),
    };
    const { logger, lines } = captureLogger();
    new ResilienceEventLogger({ logger }).watchPool(pool);
    failureListeners[0]({
      poolName: 'main_cache',
      kind: 'redis',
      error: 'connect ECONNREFUSED redis://:hunter2@127.0.0.1:1',
      consecutiveFailures: 2,
      status: 'down',
    });
    statusListeners[0]({ poolName: 'main_cache', kind: 'redis', from: 'down', to: 'up', error: null, consecutiveFailures: 0 });
    expect(lines[0]).toMatchObject({
      level: 'warn',
      message: 'connection_pool_health_check_failed',
      fields: { pool_name: 'main_cache', consecutive_failures: 2 },
    });
    expect(String(lines[0].fields.error)).not.toContain('hunter2');
    expect(lines[1]).toMatchObject({ level: 'log', message: 'connection_pool_recovered', fields: { pool_name: 'main_cache' } });
  });
});

describe('createResilienceLogger', () => {
  it('chooses JSON from the option, else LOG_FORMAT', () => {
    expect(isJsonLogFormat(undefined, { LOG_FORMAT: 'JSON' })).toBe(true);
    expect(isJsonLogFormat(undefined, { LOG_FORMAT: 'text' })).toBe(false);
    expect(isJsonLogFormat(false, { LOG_FORMAT: 'json' })).toBe(false);
  });

  it('prints one JSON object per line with the event fields at the root', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const breaker = new CircuitBreakerPolicy({ name: 'json_breaker', failureThreshold: 1 });
      const logger = createResilienceLogger({ env: { LOG_FORMAT: 'json' } });
      new ResilienceEventLogger({ logger }).watchCircuitBreaker(breaker);
      await trip(breaker, 1);
    } finally {
      spy.mockRestore();
    }
    const lines = written.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'warn',
      message: 'circuit_breaker_opened',
      event: 'circuit_breaker_opened',
      circuit_breaker: 'json_breaker',
    });
  });
});
