/** The health and metrics routes bound at init work on Fastify too, under configured paths. */
import { Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { RESILIENCE_HEALTH_FEATURE } from '../../libs/resilience/src/health/health.feature.js';
import { RESILIENCE_METRICS_FEATURE } from '../../libs/resilience/src/metrics/metrics.feature.js';
import { CircuitBreakerRegistry } from '../../libs/resilience/src/nest/circuit-breaker.registry.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';

describe('observability routes on Fastify', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        ResilienceModule.forRoot({
          configFile: false,
          env: {},
          features: [RESILIENCE_HEALTH_FEATURE, RESILIENCE_METRICS_FEATURE],
          health: { enabled: true, path: '/ops/health/', failOnOpenBreakers: ['strict_breaker'] },
          metrics: { enabled: true, path: 'ops/metrics', defaultMetrics: false },
        }),
      ],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app?.close());

  it('serves health and metrics at the configured paths, with no-cache and the Prometheus content type', async () => {
    app.get(CircuitBreakerRegistry).get('late_breaker').forceOpen();
    // supertest on Fastify's node server: Fastify's inject() cannot load under Jest's ESM mode.
    const server = app.getHttpServer();
    const health = await request(server).get('/ops/health/detailed').expect(200);
    expect(health.headers['cache-control']).toContain('no-store');
    expect(health.body).toMatchObject({ status: 'degraded', circuitBreakers: { late_breaker: { state: 'forced_open' } } });
    const metrics = await request(server).get('/ops/metrics').expect(200);
    expect(metrics.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(metrics.text).toContain('circuit_breaker_state{name="late_breaker"} 1');
    expect(metrics.text).not.toContain('process_cpu_user_seconds_total');
    await request(server).get('/health').expect(404);
  });

  it('answers 503 down for an open breaker listed in health.failOnOpenBreakers', async () => {
    app.get(CircuitBreakerRegistry).get('strict_breaker').forceOpen();
    const health = await request(app.getHttpServer()).get('/ops/health/detailed').expect(503);
    expect(health.body).toMatchObject({
      status: 'down',
      circuitBreakers: { strict_breaker: { status: 'down' }, late_breaker: { status: 'degraded' } },
    });
  });
});
