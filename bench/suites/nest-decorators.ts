/**
 * What the Nest decorators cost on top of the core policies (issue 3): a decorated provider method
 * against calling the same composed core policies directly, in the same run. Target: the wrapper
 * adds at most 20 ns. Also the plain method and AsyncLocalStorage.run, the price of handing a
 * method its signal through a context (why the wrapper does not do it).
 *
 * Runs under tsx (esbuild emits no decorator metadata), so the bench module injects by explicit
 * tokens only and the library's own providers use explicit @Inject tokens.
 */
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Bulkhead,
  BulkheadPolicy,
  CircuitBreaker,
  CircuitBreakerPolicy,
  ResilienceModule,
  Timeout,
  TimeoutPolicy,
  composePolicies,
} from '@app/resilience';
import { measureInterleaved, ratioRow, type BenchRow, type BenchSuite } from '../harness.js';

const SUITE = 'nest-decorators';
const TARGET_NS = 20;

@Injectable()
class Target {
  async plain(x: number): Promise<number> {
    return x + 1;
  }

  @CircuitBreaker('bench_breaker')
  async breaker(x: number): Promise<number> {
    return x + 1;
  }

  @CircuitBreaker('bench_combo')
  @Bulkhead('bench_combo', { maxConcurrent: 1_000 })
  @Timeout(30_000)
  async combo(x: number): Promise<number> {
    return x + 1;
  }
}

@Module({ imports: [ResilienceModule.forRoot({ configFile: false, env: {} })], providers: [Target] })
class BenchModule {}

function overheadRow(name: string, decorated: number, direct: number): BenchRow {
  const overhead = decorated - direct;
  return { suite: SUITE, name, value: overhead, unit: 'ns/op', target: `<= ${TARGET_NS} ns`, pass: overhead <= TARGET_NS };
}

export const suite: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
    try {
      const target = app.get(Target);
      // The undecorated method, reached through a fresh instance's prototype (the decorated instance's
      // `breaker`/`combo` are wrapped; `plain` never is).
      const raw = new Target();
      const breaker = new CircuitBreakerPolicy({ name: 'direct_breaker' });
      const combo = composePolicies(
        new CircuitBreakerPolicy({ name: 'direct_combo' }),
        new BulkheadPolicy({ name: 'direct_combo', maxConcurrent: 1_000 }),
        new TimeoutPolicy({ timeoutMs: 30_000 }),
      );
      const als = new AsyncLocalStorage<number>();
      const plainInAls = (): Promise<number> => als.run(1, () => raw.plain(1));

      const ns = await measureInterleaved(
        {
          plain: () => target.plain(1),
          alsRun: plainInAls,
          directBreaker: () => breaker.execute(() => raw.breaker(1)),
          decoratedBreaker: () => target.breaker(1),
          directCombo: () => combo.execute(() => raw.combo(1)),
          decoratedCombo: () => target.combo(1),
        },
        { iterations: 200_000, rounds: 15 },
      );
      return [
        ratioRow(SUITE, 'plain undecorated provider method', ns.plain, ns.plain, undefined, 'plain'),
        ratioRow(SUITE, 'plain method inside AsyncLocalStorage.run (not used)', ns.alsRun, ns.plain, undefined, 'plain'),
        ratioRow(SUITE, 'CircuitBreakerPolicy.execute directly', ns.directBreaker, ns.plain, undefined, 'plain'),
        ratioRow(SUITE, '@CircuitBreaker method', ns.decoratedBreaker, ns.plain, undefined, 'plain'),
        overheadRow('decorator overhead, breaker (ns)', ns.decoratedBreaker, ns.directBreaker),
        ratioRow(SUITE, 'breaker+bulkhead+timeout composed directly', ns.directCombo, ns.plain, undefined, 'plain'),
        ratioRow(SUITE, '@CircuitBreaker @Bulkhead @Timeout method', ns.decoratedCombo, ns.plain, undefined, 'plain'),
        overheadRow('decorator overhead, breaker+bulkhead+timeout (ns)', ns.decoratedCombo, ns.directCombo),
      ];
    } finally {
      await app.close();
    }
  },
};
