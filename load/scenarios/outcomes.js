// How one answer counts, the same way in k6 and in the Node runner.

/** @typedef {'ok' | 'degraded' | 'shed' | 'error'} Outcome */

/**
 * ok: the endpoint did its job; degraded: it answered one of its planned degraded statuses;
 * shed: a 429 in a scenario that counts the rate limit as shed load; error: anything else.
 * @param {import('./scenario-types.js').EndpointDefinition} endpoint
 * @param {number} status 0 for a connection error or timeout
 * @param {import('./scenario-types.js').RateLimitPolicy} rateLimit
 * @returns {Outcome}
 */
export function classifyStatus(endpoint, status, rateLimit) {
  if (endpoint.ok.includes(status)) return 'ok';
  if (endpoint.degraded.includes(status)) return 'degraded';
  if (status === 429 && rateLimit.mode === 'count-as-shed') return 'shed';
  return 'error';
}

/** Whether a body is the example's fallback answer (`"source": "fallback"`). @param {string | null | undefined} body */
export function isFallbackBody(body) {
  return typeof body === 'string' && /"source"\s*:\s*"fallback"/.test(body);
}

/**
 * Endpoints repeated by weight (rounded, at least once each), interleaved so that any stretch of
 * the sequence has the mix: a deterministic request order for a connection to cycle through.
 * @param {import('./scenario-types.js').EndpointDefinition[]} endpoints
 * @returns {import('./scenario-types.js').EndpointDefinition[]}
 */
export function weightedSequence(endpoints) {
  const counts = endpoints.map((e) => Math.max(1, Math.round(e.weight)));
  const total = counts.reduce((a, b) => a + b, 0);
  /** @type {{ endpoint: import('./scenario-types.js').EndpointDefinition, position: number }[]} */
  const slots = [];
  endpoints.forEach((endpoint, i) => {
    // Spread each endpoint's slots evenly over [0, 1): the classic "smooth weighted" order.
    for (let k = 0; k < counts[i]; k++) slots.push({ endpoint, position: (k + 0.5) / counts[i] + i / (total * 10) });
  });
  return slots.sort((a, b) => a.position - b.position).map((s) => s.endpoint);
}

/**
 * An endpoint picked at random by weight.
 * @param {import('./scenario-types.js').EndpointDefinition[]} endpoints
 * @param {number} random in [0, 1)
 */
export function pickEndpoint(endpoints, random) {
  const total = endpoints.reduce((sum, e) => sum + e.weight, 0);
  let left = random * total;
  for (const endpoint of endpoints) {
    left -= endpoint.weight;
    if (left < 0) return endpoint;
  }
  return endpoints[endpoints.length - 1];
}
