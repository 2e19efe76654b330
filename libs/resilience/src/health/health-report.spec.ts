import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import { staticSources } from '../metrics/resilience-sources.js';
import { fakePool } from '../../../../test/observability/fake-pool.js';
import { buildHealthReport, overallHealth } from './health-report.js';
import { breakerHealth, bulkheadHealth, healthRules, poolHealth, worstHealth } from './health-rules.js';

describe('health rules', () => {
  it('maps breaker states: open is degraded unless the breaker may fail health', () => {
    expect(breakerHealth('closed', true)).toBe('up');
    expect(breakerHealth('disabled', true)).toBe('up');
    expect(breakerHealth('half_open', false)).toBe('degraded');
    expect(breakerHealth('open', false)).toBe('degraded');
    expect(breakerHealth('forced_open', true)).toBe('down');
  });

  it('maps pool statuses: down is down only for critical pools', () => {
    expect(poolHealth('down', false)).toBe('degraded');
    expect(poolHealth('down', true)).toBe('down');
    expect(poolHealth('degraded', true)).toBe('degraded');
  });

  it('calls a bulkhead with no slot and no queue place degraded', () => {
    expect(bulkheadHealth({ active: 2, queued: 0, maxConcurrent: 2, maxQueue: 0, rejected: 0, completed: 0 })).toBe('degraded');
    expect(bulkheadHealth({ active: 2, queued: 1, maxConcurrent: 2, maxQueue: 5, rejected: 0, completed: 0 })).toBe('up');
  });

  it('resolves critical pools from the list and the pool flag, and failing breakers from a list or true', () => {
    const rules = healthRules({ criticalPools: ['a'], failOnOpenBreakers: ['x'] }, (n) => n === 'b');
    expect([rules.isCriticalPool('a'), rules.isCriticalPool('b'), rules.isCriticalPool('c')]).toEqual([true, true, false]);
    expect([rules.breakerFailsHealth('x'), rules.breakerFailsHealth('y')]).toEqual([true, false]);
    expect(healthRules({ failOnOpenBreakers: true }).breakerFailsHealth('any')).toBe(true);
    expect(worstHealth(['up', 'degraded', 'up'])).toBe('degraded');
  });
});

describe('buildHealthReport', () => {
  it('lists every instance with its fields and aggregates the worst status, without secrets', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'external_api', failureThreshold: 1, now: () => 1_700_000_000_000 });
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    const pools = [
      fakePool('main_cache', 'down', { lastError: 'connect to redis://:s3cret@10.0.0.1:6379 failed', consecutiveFailures: 3 }),
    ];
    const sources = staticSources({ breakers: [breaker], pools });

    const lenient = buildHealthReport(sources, healthRules(), () => 0);
    expect(lenient.status).toBe('degraded');
    expect(lenient.circuitBreakers.external_api).toMatchObject({
      status: 'degraded',
      state: 'open',
      failureCount: 1,
      successCount: 0,
      rejectedCount: 0,
      failureRate: null,
      openedAt: '2023-11-14T22:13:20.000Z',
    });
    expect(lenient.pools.main_cache).toMatchObject({ status: 'degraded', poolStatus: 'down', critical: false, consecutiveFailures: 3 });
    expect(JSON.stringify(lenient)).not.toContain('s3cret');
    expect(overallHealth(sources, healthRules())).toBe('degraded');

    const strict = healthRules({ criticalPools: ['main_cache'] });
    expect(buildHealthReport(sources, strict).status).toBe('down');
    expect(overallHealth(sources, strict)).toBe('down');
  });
});
