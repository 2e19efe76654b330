/**
 * Does observing the policies slow calls down? The same breaker (and breaker + bulkhead) call,
 * measured in interleaved rounds, bare vs with the Prometheus collector registered on it and the
 * log bridge listening to it. The collector reads counters only when scraped, so the target is
 * < 5% (ratio <= 1.05x). An A/A control (a second bare instance, same target) shows the noise
 * floor of the run: when the control misses too, the machine was busy, not the observers slow.
 * Also: what one scrape costs with 100 breakers, bulkheads and pools; and the opt-in call-duration
 * histogram (metrics.histogram): a @CircuitBreaker method in a Nest app with it on vs off, same run.
 * tsx emits no decorator metadata, so the bench providers take no injected parameters.
 */
import 'reflect-metadata';
import { Injectable, Logger, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BulkheadPolicy } from '../../libs/resilience/src/core/bulkhead/bulkhead-policy.js';
import { CircuitBreakerPolicy } from '../../libs/resilience/src/core/circuit-breaker/circuit-breaker-policy.js';
import { DurationHistogram } from '../../libs/resilience/src/core/metrics/duration-histogram.js';
import { TimedPolicy } from '../../libs/resilience/src/core/metrics/timed-policy.js';
import { composePolicies } from '../../libs/resilience/src/core/policy.js';
import { DEFAULT_HISTOGRAM_BUCKETS } from '../../libs/resilience/src/config/schema/metrics.schema.js';
import type { PoolStats } from '../../libs/resilience/src/core/pools/pool-types.js';
import { ResilienceEventLogger } from '../../libs/resilience/src/logging/resilience-event-logger.js';
import { ResilienceMetricsCollector } from '../../libs/resilience/src/metrics/resilience-metrics-collector.js';
import { CircuitBreaker } from '../../libs/resilience/src/nest/decorators/circuit-breaker.decorator.js';
import { MethodDurationRegistry } from '../../libs/resilience/src/nest/method-durations.registry.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';
import { staticSources, type ObservedPool } from '../../libs/resilience/src/metrics/resilience-sources.js';
import { measureInterleaved, median, ratioRow, type BenchRow, type BenchSuite } from '../harness.js';

const SUITE = 'metrics';
const work = async (): Promise<number> => 42;

function observe(breakers: CircuitBreakerPolicy[], bulkheads: BulkheadPolicy[], pools: ObservedPool[] = []): ResilienceMetricsCollector {
  const events = new ResilienceEventLogger({ logger: new Logger('bench') });
  for (const b of breakers) events.watchCircuitBreaker(b);
  for (const b of bulkheads) events.watchBulkhead(b);
  return new ResilienceMetricsCollector(staticSources({ breakers, bulkheads, pools }));
}

function pool(name: string): ObservedPool {
  const stats: PoolStats = {
    name,
    kind: 'redis',
    status: 'up',
    active: 1,
    idle: 4,
    waiting: 0,
    failed: 0,
    healthCheckFailures: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastCheckAt: null,
    lastCheckLatencyMs: null,
    totalAcquired: 10,
    acquireWaitMsTotal: 3,
    acquireTimeouts: 0,
  };
  return { name, kind: 'redis', status: 'up', stats: () => stats };
}

// Two classes (one per app), so each app's explorer wraps its own prototype.
@Injectable()
class HistogramOffTarget {
  @CircuitBreaker('hist_off')
  async call(x: number): Promise<number> {
    return x + 1;
  }
}

@Injectable()
class HistogramOnTarget {
  @CircuitBreaker('hist_on')
  async call(x: number): Promise<number> {
    return x + 1;
  }
}

/** A Nest application context with one decorated provider, `metrics.histogram` as given. */
function decoratedApp(target: new () => object, histogram: boolean): Promise<INestApplicationContext> {
  @Module({
    imports: [ResilienceModule.forRoot({ configFile: false, env: {}, metrics: { histogram } } as never)],
    providers: [target],
  })
  class HistogramBenchModule {}
  return NestFactory.createApplicationContext(HistogramBenchModule, { logger: false });
}

export const suite: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const bareBreaker = new CircuitBreakerPolicy({ name: 'bare' });
    const controlBreaker = new CircuitBreakerPolicy({ name: 'control' });
    const observedBreaker = new CircuitBreakerPolicy({ name: 'observed' });
    const controlComposed = composePolicies(
      new CircuitBreakerPolicy({ name: 'control2' }),
      new BulkheadPolicy({ name: 'control2', maxConcurrent: 10 }),
    );
    const bareComposed = composePolicies(
      new CircuitBreakerPolicy({ name: 'bare2' }),
      new BulkheadPolicy({ name: 'bare2', maxConcurrent: 10 }),
    );
    const obsBreaker2 = new CircuitBreakerPolicy({ name: 'observed2' });
    const obsBulkhead2 = new BulkheadPolicy({ name: 'observed2', maxConcurrent: 10 });
    const observedComposed = composePolicies(obsBreaker2, obsBulkhead2);
    const collector = observe([observedBreaker, obsBreaker2], [obsBulkhead2]);
    // The opt-in call-duration histogram (metrics.histogram) wraps a decorated method's policies like this.
    const timedBreaker = new TimedPolicy(new CircuitBreakerPolicy({ name: 'timed' }), new DurationHistogram(DEFAULT_HISTOGRAM_BUCKETS));
    await collector.metrics(); // registered and scraped once, as in a running app
    const offApp = await decoratedApp(HistogramOffTarget, false);
    const onApp = await decoratedApp(HistogramOnTarget, true);
    const histogramOff = offApp.get(HistogramOffTarget);
    const histogramOn = onApp.get(HistogramOnTarget);

    const r = await measureInterleaved(
      {
        breakerControl: () => controlBreaker.execute(work),
        breakerObserved: () => observedBreaker.execute(work),
        breakerBare: () => bareBreaker.execute(work),
        composedControl: () => controlComposed.execute(work),
        composedObserved: () => observedComposed.execute(work),
        composedBare: () => bareComposed.execute(work),
        breakerTimed: () => timedBreaker.execute(work),
        decoratedHistogramOff: () => histogramOff.call(1),
        decoratedHistogramOn: () => histogramOn.call(1),
      },
      { iterations: 200_000, rounds: 11, warmupRounds: 3 },
    );
    // Guard against measuring nothing: only the "on" app may have timed its calls.
    const timedCalls = [...onApp.get(MethodDurationRegistry).entries()].reduce((n, [, h]) => n + h.count, 0);
    if (timedCalls === 0 || [...offApp.get(MethodDurationRegistry).entries()].length > 0) {
      throw new Error('metrics bench: metrics.histogram on/off did not take effect as expected');
    }
    await onApp.close();
    await offApp.close();

    // Scrape cost with many instances (default metrics off: only ours).
    const many = Array.from({ length: 100 }, (_, i) => i);
    const big = new ResilienceMetricsCollector(
      staticSources({
        breakers: many.map((i) => new CircuitBreakerPolicy({ name: `b${i}` })),
        bulkheads: many.map((i) => new BulkheadPolicy({ name: `h${i}`, maxConcurrent: 4 })),
        pools: many.map((i) => pool(`p${i}`)),
      }),
      { defaultMetrics: false },
    );
    const scrapeMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = process.hrtime.bigint();
      await big.metrics();
      scrapeMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    return [
      ratioRow(SUITE, 'breaker.execute, no observers', r.breakerBare, r.breakerBare, undefined, 'bare'),
      ratioRow(SUITE, 'breaker.execute, no observers (A/A control)', r.breakerControl, r.breakerBare, 1.05, 'bare'),
      ratioRow(SUITE, 'breaker.execute, metrics + log bridge', r.breakerObserved, r.breakerBare, 1.05, 'bare'),
      ratioRow(SUITE, 'breaker+bulkhead, no observers', r.composedBare, r.composedBare, undefined, 'bare'),
      ratioRow(SUITE, 'breaker+bulkhead, no observers (A/A control)', r.composedControl, r.composedBare, 1.05, 'bare'),
      ratioRow(SUITE, 'breaker+bulkhead, metrics + log bridge', r.composedObserved, r.composedBare, 1.05, 'bare'),
      ratioRow(SUITE, 'breaker.execute + call-duration histogram (opt-in)', r.breakerTimed, r.breakerBare, undefined, 'bare'),
      ratioRow(
        SUITE,
        '@CircuitBreaker method, metrics.histogram off (default)',
        r.decoratedHistogramOff,
        r.decoratedHistogramOff,
        undefined,
        'off',
      ),
      // No target: the 5% budget decides the default (off), it does not fail the run.
      ratioRow(SUITE, '@CircuitBreaker method, metrics.histogram on', r.decoratedHistogramOn, r.decoratedHistogramOff, undefined, 'off'),
      { suite: SUITE, name: 'one scrape, 100 breakers+bulkheads+pools', value: median(scrapeMs.slice(5)), unit: 'ms' },
    ];
  },
};
