/**
 * Observability end to end: a real Nest app with ResilienceModule and the health, metrics and
 * logging features, a private redis-server behind a critical pool, and a decorated provider method
 * that always fails. Waits are on pool status events with deadlines, never sleeps.
 */
import { spawnSync } from 'node:child_process';
import { Injectable, Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ConnectionPoolManager } from '../../libs/resilience/src/core/pools/pool-manager.js';
import type { PoolStatus } from '../../libs/resilience/src/core/pools/pool-types.js';
import { RESILIENCE_HEALTH_FEATURE } from '../../libs/resilience/src/health/health.feature.js';
import { RESILIENCE_LOGGING_FEATURE } from '../../libs/resilience/src/logging/logging.feature.js';
import { RESILIENCE_METRICS_FEATURE } from '../../libs/resilience/src/metrics/metrics.feature.js';
import { CircuitBreaker } from '../../libs/resilience/src/nest/decorators/circuit-breaker.decorator.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis.js';

@Injectable()
class FlakyUpstream {
  calls = 0;

  @CircuitBreaker('flaky_api')
  async fetch(): Promise<string> {
    this.calls++;
    throw new Error('upstream refused');
  }
}

interface Line {
  level: string;
  message: unknown;
  fields: Record<string, unknown>;
}

const lines: Line[] = [];
const put =
  (level: string) =>
  (message: unknown, ...params: unknown[]): void => {
    lines.push({ level, message, fields: (params.find((p) => typeof p === 'object' && p !== null) ?? {}) as Record<string, unknown> });
  };
const captureLogger: LoggerService = {
  log: put('log'),
  warn: put('warn'),
  error: put('error'),
  debug: put('debug'),
  verbose: put('verbose'),
  fatal: put('fatal'),
};

function waitForPoolStatus(manager: ConnectionPoolManager, name: string, status: PoolStatus, timeoutMs = 15_000): Promise<void> {
  const pool = manager.getRedisPool(name);
  if (pool.status === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`pool ${name} did not become ${status} within ${timeoutMs} ms (is ${pool.status})`));
    }, timeoutMs);
    const off = pool.onStatusChange((change) => {
      if (change.to !== status) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
// Locally the check is skipped without promtool; in CI (which installs it) a missing promtool fails.
const runPromtool = hasPromtool || Boolean(process.env.CI);

describe('observability (e2e)', () => {
  let redis: RedisServerHandle;
  let app: INestApplication;
  let server: ReturnType<INestApplication['getHttpServer']>;
  let manager: ConnectionPoolManager;
  let flaky: FlakyUpstream;

  beforeAll(async () => {
    redis = await startRedisServer();
    @Module({
      imports: [
        ResilienceModule.forRoot({
          configFile: false,
          env: {},
          features: [RESILIENCE_HEALTH_FEATURE, RESILIENCE_METRICS_FEATURE, RESILIENCE_LOGGING_FEATURE],
          circuitBreakers: { flaky_api: { failureThreshold: 3, recoveryTimeout: 600_000 } },
          connectionPools: {
            redis: {
              main_cache: {
                host: redis.host,
                port: redis.port,
                maxConnections: 2,
                healthCheckInterval: 100,
                commandTimeout: 300,
                connectTimeout: 300,
                critical: true,
              },
            },
          },
          health: { enabled: true },
          metrics: { enabled: true },
        }),
      ],
      providers: [FlakyUpstream],
    })
    class AppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: captureLogger });
    await app.init();
    server = app.getHttpServer();
    manager = app.get(ConnectionPoolManager);
    flaky = app.get(FlakyUpstream);
    await manager.getRedisPool('main_cache').checkHealth();
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('starts healthy: all four health endpoints answer 200', async () => {
    expect((await request(server).get('/health').expect(200)).body).toEqual({ status: 'up' });
    const detailed = (await request(server).get('/health/detailed').expect(200)).body;
    expect(detailed.pools.main_cache).toMatchObject({ status: 'up', critical: true, kind: 'redis' });
    await request(server).get('/health/live').expect(200);
    await request(server).get('/health/ready').expect(200);
  });

  it('trips the breaker: state 1 in /metrics, open (degraded, 200) in /health/detailed, circuit_breaker_opened logged', async () => {
    for (let i = 0; i < 3; i++) await expect(flaky.fetch()).rejects.toThrow('upstream refused');
    await expect(flaky.fetch()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(flaky.calls).toBe(3);

    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toContain('circuit_breaker_state{name="flaky_api"} 1');
    expect(metrics.text).toContain('circuit_breaker_failure_count{name="flaky_api"} 3');
    expect(metrics.text).toContain('connection_pool_active_connections{pool_name="main_cache"}');
    expect(metrics.text).toContain('process_cpu_user_seconds_total');

    const detailed = (await request(server).get('/health/detailed').expect(200)).body;
    expect(detailed.status).toBe('degraded');
    expect(detailed.circuitBreakers.flaky_api).toMatchObject({ state: 'open', status: 'degraded', failureCount: 3, rejectedCount: 1 });
    expect(typeof detailed.circuitBreakers.flaky_api.nextAttemptAt).toBe('string');

    const opened = lines.find((l) => l.message === 'circuit_breaker_opened');
    expect(opened?.level).toBe('warn');
    expect(opened?.fields).toMatchObject({ circuit_breaker: 'flaky_api', failure_count: 3, failure_threshold: 3, recovery_timeout: 600 });
  });

  it('samples rejection logs: 10,000 rejected calls give at most a handful of lines', async () => {
    const before = lines.filter((l) => l.message === 'circuit_breaker_rejected').length;
    const started = Date.now();
    for (let i = 0; i < 10_000; i++) await flaky.fetch().catch(() => undefined);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const logged = lines.filter((l) => l.message === 'circuit_breaker_rejected').length - before;
    expect(logged).toBeLessThanOrEqual(1 + seconds);
    expect(logged).toBeLessThanOrEqual(5);
    expect(flaky.calls).toBe(3);
  });

  (runPromtool ? it : it.skip)('serves a scrape that `promtool check metrics` accepts', async () => {
    expect(hasPromtool ? 'promtool found' : 'promtool missing: install Debian prometheus (.ci/run does)').toBe('promtool found');
    const scrape = (await request(server).get('/metrics').expect(200)).text;
    const result = spawnSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('reports Redis down (readiness 503, liveness 200) when it dies, and recovers when it comes back', async () => {
    await redis.kill();
    await waitForPoolStatus(manager, 'main_cache', 'down');
    const ready = await request(server).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { critical_pools: { status: 'down' } } });
    await request(server).get('/health/live').expect(200);
    expect((await request(server).get('/health').expect(503)).body).toEqual({ status: 'down' });
    const detailed = (await request(server).get('/health/detailed').expect(503)).body;
    expect(detailed.pools.main_cache).toMatchObject({ status: 'down', poolStatus: 'down' });
    expect(detailed.pools.main_cache.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect((await request(server).get('/metrics').expect(200)).text).toContain('connection_pool_status{pool_name="main_cache"} 2');
    expect(lines.some((l) => l.message === 'connection_pool_health_check_failed' && l.fields.pool_name === 'main_cache')).toBe(true);

    await redis.restart();
    await waitForPoolStatus(manager, 'main_cache', 'up');
    await request(server).get('/health/ready').expect(200);
    expect((await request(server).get('/health/detailed').expect(200)).body.pools.main_cache.status).toBe('up');
    expect(lines.some((l) => l.message === 'connection_pool_recovered' && l.fields.pool_name === 'main_cache')).toBe(true);
  });
});

if (!hasPromtool) {
  console.warn('promtool not installed: the /metrics promtool check is skipped (CI installs it in .ci/run).');
}
