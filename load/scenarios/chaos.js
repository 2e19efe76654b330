import { cacheRead, cacheWrite, externalData, health, weighted } from './endpoints.js';

/**
 * chaos: steady load while faults are injected: the upstream fails every call (admin endpoint),
 * then heals; then the Redis the service uses is stopped and started again.
 * Expected: the external_api breaker opens within 5 s of the upstream failing and closes within
 * its recovery timeout + 5 s of it healing; /api/external-data answers fallbacks meanwhile; no pool
 * stays down after Redis is back.
 * Rate limit: raised for the run. The service's YAML shortens external_api's recovery timeout and
 * the Redis health check interval so a run of tens of seconds sees the whole cycle.
 * @type {import('./scenario-types.js').ScenarioDefinition}
 */
export const chaos = {
  name: 'chaos',
  description: 'Upstream failures and a Redis outage mid-run: breaker opens and closes, fallbacks answer, pools recover',
  defaultDurationS: 60,
  defaultMaxUsers: 10,
  stages: [
    { share: 0.05, users: 1 },
    { share: 0.95, users: 1 },
  ],
  endpoints: [
    // 502: the upstream's failure passed on before any good answer was kept (no fallback yet).
    weighted(externalData, 4, { degraded: [502, 503, 504] }),
    weighted(cacheRead, 2),
    weighted(cacheWrite, 1),
    weighted(health, 1),
  ],
  thinkTimeMs: 50,
  thresholds: { maxErrorRate: 0.05, p95Ms: 1000, p99Ms: 3000, minThroughputRps: 5 },
  rateLimit: { mode: 'raise', requests: 1_000_000, windowS: 60 },
  faults: [
    { id: 'upstream-fails', atShare: 0.15, action: { kind: 'upstream', failureRate: 1 } },
    { id: 'upstream-heals', atShare: 0.35, action: { kind: 'upstream', failureRate: 0 } },
    { id: 'redis-stops', atShare: 0.6, action: { kind: 'redis', running: false } },
    { id: 'redis-starts', atShare: 0.7, action: { kind: 'redis', running: true } },
  ],
  expectations: [
    { kind: 'breaker-opens', breaker: 'external_api', afterFault: 'upstream-fails', withinMs: 5000 },
    { kind: 'breaker-closes', breaker: 'external_api', afterFault: 'upstream-heals', withinMs: { recoveryTimeoutPlusMs: 5000 } },
    { kind: 'fallback-served', endpoint: 'external-data', fromFault: 'upstream-fails', toFault: 'upstream-heals', min: 1 },
    { kind: 'pools-recover', afterFault: 'redis-starts', withinMs: 4000 },
    { kind: 'healthy-at-end', notStatus: 'down' },
  ],
  serviceConfig: {
    connection_pools: { redis: { main_cache: { health_check_interval: 1 } }, http: { external_api: { health_check_interval: 1 } } },
    circuit_breakers: { external_api: { recovery_timeout: 3 } },
  },
};
