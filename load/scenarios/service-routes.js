// Every route of the example service the load tests call, in one place (DESIGN §5; the admin
// routes are apps/example/src/admin's). Shared by the k6 scripts and the Node runner.

export const ROUTES = {
  health: '/health',
  healthDetailed: '/health/detailed',
  healthLive: '/health/live',
  healthReady: '/health/ready',
  metrics: '/metrics',
  /** POST {failureRate?, latencyMs?}: the upstream stub's behaviour. */
  adminUpstream: '/admin/upstream',
  /** POST: the named breaker's operator actions. */
  adminBreaker: (/** @type {string} */ name, /** @type {'force-open' | 'close' | 'reset' | 'disable'} */ action) =>
    `/admin/circuit-breakers/${encodeURIComponent(name)}/${action}`,
};

/** The admin endpoints' bearer header. @param {string} token */
export function adminHeaders(token) {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}
