import { cacheRead, cacheWrite, errorProne, externalData, health, heavyComputation, weighted } from './endpoints.js';

/**
 * basic: a gradual ramp to moderate load over the normal endpoints, a plateau, and a ramp down.
 * Rate limit: raised for the run, so every 429 would be a real error.
 * @type {import('./scenario-types.js').ScenarioDefinition}
 */
export const basic = {
  name: 'basic',
  description: 'Gradual ramp to moderate load over the normal endpoints',
  defaultDurationS: 120,
  defaultMaxUsers: 20,
  stages: [
    { share: 0.3, users: 1 },
    { share: 0.5, users: 1 },
    { share: 0.2, users: 0.2 },
  ],
  endpoints: [
    weighted(externalData, 4),
    weighted(cacheRead, 3),
    weighted(cacheWrite, 1),
    weighted(heavyComputation, 1),
    weighted(errorProne, 1),
    weighted(health, 1),
  ],
  thinkTimeMs: 100,
  thresholds: { maxErrorRate: 0.01, p95Ms: 500, p99Ms: 1000, minThroughputRps: 5 },
  rateLimit: { mode: 'raise', requests: 1_000_000, windowS: 60 },
  faults: [],
  expectations: [
    { kind: 'bulkhead-limit', bulkhead: 'heavy_computation', maxActive: 3, mustReject: false },
    { kind: 'healthy-at-end', notStatus: 'down' },
  ],
  serviceConfig: {},
};
