/**
 * The HTTP layer's per-route breakers and bulkheads are observable like named ones: a 5xx burst on
 * a route opens `route:GET /boom`, which `/metrics` and `/health/detailed` then report (issue 5/6).
 */
import { Controller, Get, HttpException, Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import '../../libs/resilience/src/index.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';

@Controller()
class FlakyController {
  calls = 0;
  @Get('boom')
  boom(): never {
    this.calls++;
    throw new HttpException('upstream exploded', 502);
  }
  @Get('ok/:id')
  ok(): string {
    return 'fine';
  }
}

/** Every log call's first object parameter (the structured event's fields) and message. */
const logged: { message: unknown; fields: Record<string, unknown> }[] = [];
const record =
  () =>
  (message: unknown, ...params: unknown[]): void => {
    logged.push({ message, fields: (params.find((p) => typeof p === 'object' && p !== null) ?? {}) as Record<string, unknown> });
  };
const captureLogger: LoggerService = {
  log: record(),
  warn: record(),
  error: record(),
  debug: record(),
  verbose: record(),
  fatal: record(),
};

async function start(adapter: 'express' | 'fastify'): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [
      ResilienceModule.forRoot({
        configFile: false,
        env: {},
        middleware: { circuitBreaker: { failureThreshold: 3, recoveryTimeout: 60_000 }, bulkhead: { maxConcurrent: 5 } },
        health: { enabled: true },
        metrics: { enabled: true },
      } as never),
    ],
    controllers: [FlakyController],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
    logger: captureLogger,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe.each(['express', 'fastify'] as const)('route breakers in /metrics and /health/detailed (%s)', (adapter) => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    logged.length = 0;
    ({ app, url } = await start(adapter));
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports the route breaker open after a 5xx burst, with a bounded name', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/boom`)).status);
    expect(statuses).toEqual([502, 502, 502, 503]);
    expect(app.get(FlakyController).calls).toBe(3);
    // Raw paths never become names: two ids, one route template.
    await fetch(`${url}/ok/1`);
    await fetch(`${url}/ok/2`);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('circuit_breaker_state{name="route:GET /boom"} 1');
    expect(metrics).toContain('circuit_breaker_state{name="route:GET /ok/:id"} 0');
    expect(metrics).not.toContain('/ok/1');
    expect(metrics).toMatch(/bulkhead_active_operations\{name="http"\} 0/);

    const detailed = (await (await fetch(`${url}/health/detailed`)).json()) as {
      status: string;
      circuitBreakers: Record<string, { state: string }>;
      bulkheads: Record<string, unknown>;
    };
    expect(detailed.circuitBreakers['route:GET /boom'].state).toBe('open');
    expect(detailed.status).toBe('degraded');
    expect(Object.keys(detailed.bulkheads)).toContain('http');

    // And its opening is logged like any named breaker's.
    const opened = logged.find((l) => l.message === 'circuit_breaker_opened' && l.fields.circuit_breaker === 'route:GET /boom');
    expect(opened?.fields).toMatchObject({ failure_count: 3, failure_threshold: 3 });
  });
});
