import { cacheRead, cacheWrite, externalData, health, weighted } from './endpoints.js';

/**
 * endurance: long steady load. Heap and RSS are sampled every second; growth between the first and
 * the last quarter of the run (by time) must stay bounded (leak check), and so must p95 drift.
 * Rate limit: raised for the run.
 * @type {import('./scenario-types.js').ScenarioDefinition}
 */
export const endurance = {
  name: 'endurance',
  description: 'Long steady load: memory growth and latency drift stay bounded',
  defaultDurationS: 600,
  defaultMaxUsers: 10,
  stages: [
    { share: 0.05, users: 1 },
    { share: 0.95, users: 1 },
  ],
  endpoints: [weighted(externalData, 3), weighted(cacheRead, 3), weighted(cacheWrite, 1), weighted(health, 1)],
  thinkTimeMs: 50,
  thresholds: { maxErrorRate: 0.01, p95Ms: 500, p99Ms: 1000, minThroughputRps: 5 },
  rateLimit: { mode: 'raise', requests: 1_000_000, windowS: 60 },
  faults: [],
  expectations: [
    // Medians of the first and last quarter; the byte floors keep GC noise of a short run from failing it.
    { kind: 'memory-growth', metric: 'heap', maxGrowthPercent: 50, minGrowthBytes: 32 * 1024 * 1024 },
    { kind: 'memory-growth', metric: 'rss', maxGrowthPercent: 50, minGrowthBytes: 64 * 1024 * 1024 },
    { kind: 'latency-drift', maxIncreasePercent: 100, minIncreaseMs: 50 },
    { kind: 'healthy-at-end', notStatus: 'down' },
  ],
  serviceConfig: {},
};
