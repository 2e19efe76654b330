/**
 * The app the HTTP benchmark measures, run in its own process: one tiny route, on Express or
 * Fastify, bare or behind the resilience HTTP layer with all four features on (limits high enough
 * never to reject). Prints `PORT <n>` once listening.
 *
 *   node --import tsx bench/http/bench-app.ts <express|fastify> <bare|resilience>
 */
import 'reflect-metadata';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { ResilienceHttpModule } from '../../libs/resilience/src/http/resilience-http.module.js';

const [adapter, variant] = process.argv.slice(2);
if (!['express', 'fastify'].includes(adapter) || !['bare', 'resilience'].includes(variant)) {
  console.error('usage: bench-app.ts <express|fastify> <bare|resilience>');
  process.exit(2);
}

@Controller()
class TinyController {
  @Get('tiny')
  tiny(): { ok: boolean } {
    return { ok: true };
  }
}

const resilience = ResilienceHttpModule.forRoot({
  timeout: 30_000,
  rateLimit: { requests: 1_000_000_000, window: 60_000 },
  circuitBreaker: true,
  bulkhead: { maxConcurrent: 10_000, maxQueue: 50 },
  // For experiments: BENCH_HTTP_OPTIONS='{"timeout":false}' overrides keys.
  ...(process.env.BENCH_HTTP_OPTIONS ? (JSON.parse(process.env.BENCH_HTTP_OPTIONS) as object) : {}),
});

@Module({ imports: variant === 'resilience' ? [resilience] : [], controllers: [TinyController] })
class BenchModule {}

const app: INestApplication =
  adapter === 'express'
    ? await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: ['error'] })
    : await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: ['error'] });
await app.listen(0, '127.0.0.1');
console.log(`PORT ${(app.getHttpServer().address() as AddressInfo).port}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
