// The example service's endpoints as load-test requests, shared by every scenario, the k6 scripts
// and the Node runner. `ok` statuses mean the endpoint did its job; `degraded` ones mean it shed
// load or degraded on purpose (DESIGN §6: open breaker or full bulkhead 503, Redis down 503).

/** @type {import('./scenario-types.js').EndpointDefinition} */
export const externalData = { name: 'external-data', method: 'GET', path: '/api/external-data', weight: 1, ok: [200], degraded: [503] };

/** @type {import('./scenario-types.js').EndpointDefinition} */
export const cacheWrite = {
  name: 'cache-write',
  method: 'POST',
  path: '/api/cache/load-test',
  weight: 1,
  body: { value: { written: 'by the load test' }, ttl: 300 },
  ok: [200],
  degraded: [503],
};

/** A key the writes above fill: 404 until the first write lands, which is fine. */
/** @type {import('./scenario-types.js').EndpointDefinition} */
export const cacheRead = { name: 'cache-read', method: 'GET', path: '/api/cache/load-test', weight: 1, ok: [200, 404], degraded: [503] };

/** n chosen so one call takes tens of milliseconds: enough to fill the 3-thread bulkhead under a spike. */
/** @type {import('./scenario-types.js').EndpointDefinition} */
export const heavyComputation = {
  name: 'heavy-computation',
  method: 'GET',
  path: '/api/heavy-computation?n=300000',
  weight: 1,
  ok: [200],
  degraded: [503, 429],
};

/** Fails on purpose (ERROR_RATE): its 500s and its breaker's 503s are the expected answers. */
/** @type {import('./scenario-types.js').EndpointDefinition} */
export const errorProne = { name: 'error-prone', method: 'GET', path: '/api/error-prone', weight: 1, ok: [200], degraded: [500, 503] };

/** @type {import('./scenario-types.js').EndpointDefinition} */
export const health = { name: 'health', method: 'GET', path: '/health', weight: 1, ok: [200], degraded: [503] };

/**
 * The same endpoint with another weight (and other statuses if given).
 * @param {import('./scenario-types.js').EndpointDefinition} endpoint
 * @param {number} weight
 * @param {Partial<import('./scenario-types.js').EndpointDefinition>} [changes]
 * @returns {import('./scenario-types.js').EndpointDefinition}
 */
export function weighted(endpoint, weight, changes = {}) {
  return { ...endpoint, ...changes, weight };
}
