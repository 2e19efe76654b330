import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { PoolStats } from '../core/pools/pool-types.js';
import { ResilienceMetricsCollector } from './resilience-metrics-collector.js';
import { staticSources, type ObservedPool } from './resilience-sources.js';

/** `name{labels} value` lines of a scrape, keyed by everything before the value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

function pool(name: string, stats: Partial<PoolStats>): ObservedPool {
  const full: PoolStats = {
    name,
    kind: 'redis',
    status: 'up',
    active: 0,
    idle: 0,
    waiting: 0,
    failed: 0,
    healthCheckFailures: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastCheckAt: null,
    lastCheckLatencyMs: null,
    totalAcquired: 0,
    acquireWaitMsTotal: 0,
    acquireTimeouts: 0,
    ...stats,
  };
  return { name, kind: full.kind, status: full.status, stats: () => full };
}

describe('ResilienceMetricsCollector', () => {
  it('reads breakers, bulkheads and pools at scrape time with the DESIGN names and encodings', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'external_api', failureThreshold: 2 });
    const bulkhead = new BulkheadPolicy({ name: 'heavy', maxConcurrent: 1, maxQueue: 0 });
    const pools = [pool('main_cache', { active: 3, idle: 2, failed: 4, healthCheckFailures: 5, status: 'down', acquireWaitMsTotal: 1500 })];
    const collector = new ResilienceMetricsCollector(staticSources({ breakers: [breaker], bulkheads: [bulkhead], pools }), {
      defaultMetrics: false,
    });

    let s = samples(await collector.metrics());
    expect(s.get('circuit_breaker_state{name="external_api"}')).toBe(0);

    await breaker.execute(() => 'ok');
    for (let i = 0; i < 2; i++) await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    await breaker.execute(() => 'never').catch(() => undefined);
    let release!: () => void;
    const running = bulkhead.execute(() => new Promise<void>((r) => (release = r)));
    await bulkhead.execute(() => undefined).catch(() => undefined);

    s = samples(await collector.metrics());
    expect(s.get('circuit_breaker_state{name="external_api"}')).toBe(1);
    expect(s.get('circuit_breaker_current_state{name="external_api",state="open"}')).toBe(1);
    expect(s.get('circuit_breaker_current_state{name="external_api",state="closed"}')).toBe(0);
    expect(s.get('circuit_breaker_failure_count{name="external_api"}')).toBe(2);
    expect(s.get('circuit_breaker_success_count{name="external_api"}')).toBe(1);
    expect(s.get('circuit_breaker_calls_total{name="external_api",outcome="rejected"}')).toBe(1);
    expect(s.get('bulkhead_active_operations{name="heavy"}')).toBe(1);
    expect(s.get('bulkhead_rejected_operations{name="heavy"}')).toBe(1);
    expect(s.get('connection_pool_active_connections{pool_name="main_cache"}')).toBe(3);
    expect(s.get('connection_pool_failed_connections{pool_name="main_cache"}')).toBe(4);
    expect(s.get('connection_pool_health_check_failures{pool_name="main_cache"}')).toBe(5);
    expect(s.get('connection_pool_status{pool_name="main_cache"}')).toBe(2);
    expect(s.get('connection_pool_acquire_wait_seconds_total{pool_name="main_cache"}')).toBe(1.5);

    release();
    await running;
    breaker.forceOpen();
    s = samples(await collector.metrics());
    expect(s.get('bulkhead_active_operations{name="heavy"}')).toBe(0);
    expect(s.get('circuit_breaker_state{name="external_api"}')).toBe(1);
    expect(s.get('circuit_breaker_current_state{name="external_api",state="forced_open"}')).toBe(1);
    breaker.disable();
    s = samples(await collector.metrics());
    expect(s.get('circuit_breaker_state{name="external_api"}')).toBe(0);
  });

  it('sees instances created after it and forgets removed ones', async () => {
    const breakers: CircuitBreakerPolicy[] = [];
    const collector = new ResilienceMetricsCollector(staticSources({ breakers: () => breakers }), { defaultMetrics: false });
    expect(await collector.metrics()).not.toContain('name="late"');
    breakers.push(new CircuitBreakerPolicy({ name: 'late' }));
    expect(await collector.metrics()).toContain('circuit_breaker_state{name="late"} 0');
    breakers.pop();
    expect(await collector.metrics()).not.toContain('name="late"');
  });

  it('gives two collectors their own registries, and refuses to share one silently', async () => {
    const a = new ResilienceMetricsCollector(staticSources({}));
    const b = new ResilienceMetricsCollector(staticSources({}));
    expect(a.registry).not.toBe(b.registry);
    expect(await a.metrics()).toContain('process_cpu_user_seconds_total');
    const shared = new Registry();
    const first = new ResilienceMetricsCollector(staticSources({}), { registry: shared, defaultMetrics: false });
    expect(() => new ResilienceMetricsCollector(staticSources({}), { registry: shared })).toThrow(
      /circuit_breaker|connection_pool.*already registered/,
    );
    first.dispose();
    expect(() => new ResilienceMetricsCollector(staticSources({}), { registry: shared, defaultMetrics: false })).not.toThrow();
  });

  it('reports rate-limit rejections when given a source', async () => {
    const collector = new ResilienceMetricsCollector(staticSources({}), {
      defaultMetrics: false,
      rateLimits: () => [{ name: 'global', rejected: 7 }],
    });
    expect(samples(await collector.metrics()).get('rate_limit_rejections_total{name="global"}')).toBe(7);
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  (promtool || process.env.CI ? it : it.skip)('passes promtool check metrics (skipped: promtool not installed)', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b' });
    const collector = new ResilienceMetricsCollector(
      staticSources({ breakers: [breaker], bulkheads: [new BulkheadPolicy({ name: 'h', maxConcurrent: 2 })], pools: [pool('p', {})] }),
      { rateLimits: () => [{ name: 'global', rejected: 1 }] },
    );
    const result = spawnSync('promtool', ['check', 'metrics'], { input: await collector.metrics(), encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
