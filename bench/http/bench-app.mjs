/**
 * The app the HTTP benchmark measures, run in its own process: one tiny route, on Express or
 * Fastify, bare or behind the resilience HTTP layer with all four features on (limits high enough
 * never to reject). Prints `PORT <n>` once listening.
 *
 * Plain JavaScript on the BUILT library (libs/resilience/dist, `npm run build:lib`), not tsx on the
 * sources: tsx compiles with esbuild's keepNames, which adds a `name` definition to every closure
 * created on the hot path and made whole runs of this benchmark 10-15% slower or faster at random.
 * Users run compiled code; so does this.
 *
 *   node bench/http/bench-app.mjs <express|fastify> <bare|resilience|all-headers>
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ResilienceHttpModule } from '../../libs/resilience/dist/index.js';

const [adapter, variant] = process.argv.slice(2);
if (!['express', 'fastify'].includes(adapter) || !['bare', 'resilience', 'all-headers'].includes(variant)) {
  console.error('usage: bench-app.mjs <express|fastify> <bare|resilience|all-headers>');
  process.exit(2);
}

// `@Controller() class { @Get('tiny') tiny() }`, with the decorators applied by hand.
class TinyController {
  tiny() {
    return { ok: true };
  }
}
Get('tiny')(TinyController.prototype, 'tiny', Object.getOwnPropertyDescriptor(TinyController.prototype, 'tiny'));
Controller()(TinyController);

const resilience = ResilienceHttpModule.forRoot({
  timeout: 30_000,
  // all-headers: RateLimit-* on every answer; by default only 429s (none here) carry them.
  rateLimit: { requests: 1_000_000_000, window: 60_000, headers: variant === 'all-headers' },
  circuitBreaker: true,
  bulkhead: { maxConcurrent: 10_000, maxQueue: 50 },
  // For experiments: BENCH_HTTP_OPTIONS='{"timeout":false}' overrides keys.
  ...(process.env.BENCH_HTTP_OPTIONS ? JSON.parse(process.env.BENCH_HTTP_OPTIONS) : {}),
});

class BenchModule {}
Module({ imports: variant === 'bare' ? [] : [resilience], controllers: [TinyController] })(BenchModule);

const app = await NestFactory.create(BenchModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
  logger: ['error'],
});
await app.listen(0, '127.0.0.1');
console.log(`PORT ${app.getHttpServer().address().port}`);
// The runner asks for this process's CPU time (µs, user + system) before and after each load.
process.channel?.unref();
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  }
});
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
