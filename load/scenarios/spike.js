import { cacheRead, externalData, health, heavyComputation, weighted } from './endpoints.js';

/**
 * spike: a few users, then a sudden jump to many, then back. The heavy_computation bulkhead
 * (3 running, 5 queued) must hold its limit and reject the excess; the service must recover once
 * the spike ends.
 * Rate limit: left in force at a level the spike reaches (the service's YAML is given a 10 s window
 * when the runner starts it): 429s are load shed on purpose and counted as shed, not as errors.
 * @type {import('./scenario-types.js').ScenarioDefinition}
 */
export const spike = {
  name: 'spike',
  description: 'Sudden jump to many users; bulkheads and the rate limit shed load and the service recovers',
  defaultDurationS: 90,
  defaultMaxUsers: 100,
  stages: [
    { share: 0.2, users: 0.05 },
    { share: 0.05, users: 1 },
    { share: 0.35, users: 1 },
    { share: 0.05, users: 0.05 },
    { share: 0.35, users: 0.05 },
  ],
  endpoints: [weighted(externalData, 2), weighted(cacheRead, 2), weighted(heavyComputation, 5), weighted(health, 1)],
  thinkTimeMs: 20,
  thresholds: { maxErrorRate: 0.02, p95Ms: 2000, p99Ms: 4000, minThroughputRps: 10 },
  rateLimit: { mode: 'count-as-shed' },
  faults: [],
  expectations: [
    { kind: 'bulkhead-limit', bulkhead: 'heavy_computation', maxActive: 3, mustReject: true },
    { kind: 'recovers-after-load', lastShare: 0.25, maxErrorRate: 0.01 },
    { kind: 'healthy-at-end', notStatus: 'down' },
  ],
  serviceConfig: {
    middleware: { rate_limit: { requests: 2000, window: '10s' } },
  },
};
