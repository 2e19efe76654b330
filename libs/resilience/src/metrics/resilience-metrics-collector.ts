/**
 * Registers the resilience metrics in a prom-client Registry. Every value is read from the core
 * counters when Prometheus scrapes (`collect()`), so nothing on a call's path touches prom-client:
 * a decorated call costs the same whether metrics are on or off (bench/suites/metrics.ts).
 *
 * By default each collector has its own Registry, so two apps in one process (tests) never clash;
 * pass prom-client's global `register` to share it with other code (e.g. @willsoto/nestjs-prometheus's
 * controller) — then only one collector may use it at a time, and a second gets a clear error.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics, type DefaultMetricsCollectorConfiguration } from 'prom-client';
import { METRIC } from './metric-names.js';
import type { ObservedBreaker, ObservedBulkhead, ObservedPool, ResilienceSources } from './resilience-sources.js';
import { BREAKER_STATES, breakerStateValue, poolStatusValue } from './state-encoding.js';
import { ScrapedHistogram, type HistogramSource } from './histogram-metric.js';
import { UntypedMetric } from './untyped-metric.js';

/** A count of rejected requests by a named rate limit (read from the HTTP layer, if it has one). */
export interface ObservedRateLimit {
  name: string;
  rejected: number;
}

export interface ResilienceMetricsOptions {
  /** Where to register. Default: a new Registry owned by this collector. */
  registry?: Registry;
  /** Node process metrics (`process_*`, `nodejs_*`) in the same registry. Default true. */
  defaultMetrics?: boolean | DefaultMetricsCollectorConfiguration<'text/plain; version=0.0.4; charset=utf-8'>;
  /** Rejections per named rate limit; omitted: no `rate_limit_rejections_total` series. */
  rateLimits?: () => Iterable<ObservedRateLimit>;
  /** Call-duration histograms per decorated method (`metrics.histogram`); omitted: no histogram series. */
  methodDurations?: HistogramSource;
}

type Labels = Record<string, string>;

const LINT_FAILING_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];
type Emit = (labels: Labels, value: number) => void;

export class ResilienceMetricsCollector {
  readonly registry: Registry;
  private readonly names: string[] = [];

  constructor(
    private readonly sources: ResilienceSources,
    options: ResilienceMetricsOptions = {},
  ) {
    this.registry = options.registry ?? new Registry();
    const clash = Object.values(METRIC).find((name) => this.registry.getSingleMetric(name) !== undefined);
    if (clash !== undefined) {
      throw new Error(
        `Metric "${clash}" is already registered in this prom-client registry: another ResilienceMetricsCollector uses it. ` +
          'Give each app its own registry (the default) or dispose() the other collector first.',
      );
    }
    if (options.defaultMetrics !== false && !this.registry.getSingleMetric('process_cpu_user_seconds_total')) {
      collectDefaultMetrics({ ...(typeof options.defaultMetrics === 'object' ? options.defaultMetrics : {}), register: this.registry });
      // prom-client exports these sums as gauges named `*_total`, which promtool rejects (a gauge must
      // not end in `_total`). Each is sum by () of the per-type series (`nodejs_active_handles{type}`), which stay.
      for (const name of LINT_FAILING_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    }
    this.registerPoolMetrics();
    this.registerBreakerMetrics();
    this.registerBulkheadMetrics();
    if (options.rateLimits) this.registerRateLimitMetrics(options.rateLimits);
    if (options.methodDurations) {
      new ScrapedHistogram(
        METRIC.methodDurationSeconds,
        'Duration of calls to decorated methods, through their policies.',
        'method',
        options.methodDurations,
      ).registerIn(this.registry);
      this.names.push(METRIC.methodDurationSeconds);
    }
  }

  /** The scrape: Prometheus text format. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Removes this collector's metrics from the registry (default metrics stay). */
  dispose(): void {
    for (const name of this.names.splice(0)) this.registry.removeSingleMetric(name);
  }

  private registerPoolMetrics(): void {
    const pools = (read: (pool: ObservedPool, emit: Emit) => void) => (emit: Emit) => {
      for (const pool of this.sources.pools()) read(pool, emit);
    };
    const gauge = (name: string, help: string, value: (pool: ObservedPool) => number): void =>
      this.gauge(
        name,
        help,
        ['pool_name'],
        pools((p, emit) => emit({ pool_name: p.name }, value(p))),
      );
    const counter = (name: string, help: string, value: (pool: ObservedPool) => number): void =>
      this.counter(
        name,
        help,
        ['pool_name'],
        pools((p, emit) => emit({ pool_name: p.name }, value(p))),
      );

    gauge(
      METRIC.poolActiveConnections,
      'Connections in use now (HTTP requests in flight; leased Redis connections).',
      (p) => p.stats().active,
    );
    gauge(METRIC.poolIdleConnections, 'Open connections not in use now.', (p) => p.stats().idle);
    gauge(METRIC.poolWaiting, 'Callers waiting for a connection now.', (p) => p.stats().waiting);
    gauge(
      METRIC.poolFailedConnections,
      'Connections that failed at the transport level since start (never decreases).',
      (p) => p.stats().failed,
    );
    gauge(METRIC.poolHealthCheckFailures, 'Failed health checks since start (never decreases).', (p) => p.stats().healthCheckFailures);
    gauge(METRIC.poolStatus, 'Pool status: 0 up, 1 degraded, 2 down.', (p) => poolStatusValue(p.status));
    counter(METRIC.poolAcquiredTotal, 'Connections acquired since start.', (p) => p.stats().totalAcquired);
    counter(
      METRIC.poolAcquireWaitSecondsTotal,
      'Total time callers waited to acquire a connection, in seconds.',
      (p) => p.stats().acquireWaitMsTotal / 1000,
    );
    counter(METRIC.poolAcquireTimeoutsTotal, 'Acquisitions that gave up after the acquire timeout.', (p) => p.stats().acquireTimeouts);
  }

  private registerBreakerMetrics(): void {
    const breakers = (read: (b: ObservedBreaker, emit: Emit) => void) => (emit: Emit) => {
      for (const breaker of this.sources.breakers()) read(breaker, emit);
    };
    this.gauge(
      METRIC.breakerState,
      'Circuit breaker state: 0 closed, 1 open, 2 half-open (forced_open reads 1, disabled reads 0).',
      ['name'],
      breakers((b, emit) => emit({ name: b.name }, breakerStateValue(b.snapshot().state))),
    );
    this.gauge(
      METRIC.breakerCurrentState,
      'Circuit breaker state as a state set: 1 for the current state, 0 for the others.',
      ['name', 'state'],
      breakers((b, emit) => {
        const current = b.snapshot().state;
        for (const state of BREAKER_STATES) emit({ name: b.name, state }, state === current ? 1 : 0);
      }),
    );
    this.untyped(
      METRIC.breakerFailureCount,
      'Calls that failed and counted as failures, since start.',
      ['name'],
      breakers((b, emit) => emit({ name: b.name }, b.snapshot().failureCount)),
    );
    this.untyped(
      METRIC.breakerSuccessCount,
      'Calls that succeeded, since start.',
      ['name'],
      breakers((b, emit) => emit({ name: b.name }, b.snapshot().successCount)),
    );
    this.counter(
      METRIC.breakerCallsTotal,
      'Calls by outcome: success, failure, ignored (errors that do not count), rejected (breaker open); slow counts slow successes and failures again.',
      ['name', 'outcome'],
      breakers((b, emit) => {
        const s = b.snapshot();
        emit({ name: b.name, outcome: 'success' }, s.successCount);
        emit({ name: b.name, outcome: 'failure' }, s.failureCount);
        emit({ name: b.name, outcome: 'ignored' }, s.ignoredCount);
        emit({ name: b.name, outcome: 'rejected' }, s.rejectedCount);
        emit({ name: b.name, outcome: 'slow' }, s.slowCallCount);
      }),
    );
  }

  private registerBulkheadMetrics(): void {
    const gauge = (name: string, help: string, value: (b: ObservedBulkhead) => number): void =>
      this.gauge(name, help, ['name'], (emit) => {
        for (const b of this.sources.bulkheads()) emit({ name: b.name }, value(b));
      });
    gauge(METRIC.bulkheadActive, 'Operations running in the bulkhead now.', (b) => b.snapshot().active);
    gauge(METRIC.bulkheadQueued, 'Operations waiting in the bulkhead queue now.', (b) => b.snapshot().queued);
    gauge(METRIC.bulkheadMaxConcurrent, 'The bulkhead concurrency limit.', (b) => b.snapshot().maxConcurrent);
    gauge(METRIC.bulkheadRejected, 'Operations rejected since start (never decreases).', (b) => b.snapshot().rejected);
    this.counter(METRIC.bulkheadCompletedTotal, 'Operations that ran to the end (success or failure).', ['name'], (emit) => {
      for (const b of this.sources.bulkheads()) emit({ name: b.name }, b.snapshot().completed);
    });
  }

  private registerRateLimitMetrics(rateLimits: () => Iterable<ObservedRateLimit>): void {
    this.counter(METRIC.rateLimitRejectionsTotal, 'Requests rejected by a rate limit.', ['name'], (emit) => {
      for (const r of rateLimits()) emit({ name: r.name }, r.rejected);
    });
  }

  private gauge(name: string, help: string, labelNames: string[], read: (emit: Emit) => void): void {
    const gauge: Gauge<string> = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: () => {
        gauge.reset(); // instances that are gone must not linger
        read((labels, value) => {
          if (Number.isFinite(value)) gauge.set(labels, value); // one bad reading must not fail the whole scrape
        });
      },
    });
    this.names.push(name);
  }

  private counter(name: string, help: string, labelNames: string[], read: (emit: Emit) => void): void {
    const counter: Counter<string> = new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      // Core totals are cumulative; reset then add the total, since a prom-client Counter cannot be set.
      collect: () => {
        counter.reset();
        read((labels, value) => {
          if (Number.isFinite(value) && value >= 0) counter.inc(labels, value);
        });
      },
    });
    this.names.push(name);
  }

  private untyped(name: string, help: string, labelNames: string[], read: (emit: Emit) => void): void {
    new UntypedMetric(name, help, labelNames, read).registerIn(this.registry);
    this.names.push(name);
  }
}
