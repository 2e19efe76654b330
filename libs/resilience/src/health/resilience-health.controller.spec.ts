import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import request from 'supertest';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { PoolStatus } from '../core/pools/pool-types.js';
import { RESILIENCE_SOURCES, staticSources } from '../metrics/resilience-sources.js';
import { ConnectionPoolHealthIndicator } from './connection-pool.health-indicator.js';
import { fakePool } from '../../../../test/observability/fake-pool.js';
import { RESILIENCE_HEALTH_RULES, healthRules } from './health-rules.js';
import { resilienceHealthControllerAt } from './resilience-health.controller.js';

describe('ResilienceHealthController', () => {
  let app: INestApplication;
  let poolStatus: PoolStatus = 'up';
  const breaker = new CircuitBreakerPolicy({ name: 'external_api', failureThreshold: 1 });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [resilienceHealthControllerAt('/ops/health/')],
      providers: [
        ConnectionPoolHealthIndicator,
        {
          provide: RESILIENCE_SOURCES,
          useValue: staticSources({ breakers: [breaker], pools: () => [fakePool('main_cache', poolStatus)] }),
        },
        { provide: RESILIENCE_HEALTH_RULES, useValue: healthRules({ criticalPools: ['main_cache'] }) },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('serves the four endpoints under the configured prefix, 200 while up', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/ops/health').expect(200)).body).toEqual({ status: 'up' });
    const detailed = (await request(server).get('/ops/health/detailed').expect(200)).body;
    expect(detailed).toMatchObject({
      status: 'up',
      circuitBreakers: { external_api: { state: 'closed' } },
      pools: { main_cache: { status: 'up' } },
    });
    expect((await request(server).get('/ops/health/live').expect(200)).body.status).toBe('ok');
    expect((await request(server).get('/ops/health/ready').expect(200)).body.status).toBe('ok');
    await request(server).get('/health').expect(404);
  });

  it('answers 200 degraded for an open breaker, 503 for a critical pool down (liveness stays 200)', async () => {
    const server = app.getHttpServer();
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    expect((await request(server).get('/ops/health/detailed').expect(200)).body).toMatchObject({
      status: 'degraded',
      circuitBreakers: { external_api: { status: 'degraded', state: 'open' } },
    });
    poolStatus = 'down';
    expect((await request(server).get('/ops/health').expect(503)).body).toEqual({ status: 'down' });
    expect((await request(server).get('/ops/health/detailed').expect(503)).body.pools.main_cache.status).toBe('down');
    const ready = (await request(server).get('/ops/health/ready').expect(503)).body;
    expect(ready).toMatchObject({ status: 'error', error: { critical_pools: { status: 'down' } } });
    await request(server).get('/ops/health/live').expect(200);
  });
});
