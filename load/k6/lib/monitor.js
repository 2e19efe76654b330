// @ts-check
// A 1-VU monitor: reads /health/detailed every second and records breaker and bulkhead state as
// k6 metrics, so thresholds can speak of them.
import { sleep } from 'k6';
import http from 'k6/http';
import { Counter, Gauge } from 'k6/metrics';
import { ROUTES } from '../../scenarios/service-routes.js';

export const breakerOpenSeen = new Counter('breaker_open_seen');
export const bulkheadActive = new Gauge('bulkhead_active');

/** @param {string} base */
export function monitorOnce(base) {
  const res = http.get(`${base}${ROUTES.healthDetailed}`, { tags: { kind: 'monitor' }, responseCallback: http.expectedStatuses(200, 503) });
  /** @type {{ circuitBreakers?: Record<string, { state: string }>, bulkheads?: Record<string, { active: number }> }} */
  let report = {};
  try {
    report = typeof res.body === 'string' ? JSON.parse(res.body) : {};
  } catch {
    // a malformed answer just records nothing this second
  }
  for (const [name, b] of Object.entries(report.circuitBreakers ?? {})) {
    if (b.state === 'open' || b.state === 'forced_open') breakerOpenSeen.add(1, { breaker: name });
  }
  for (const [name, b] of Object.entries(report.bulkheads ?? {})) bulkheadActive.add(b.active, { bulkhead: name });
  sleep(1);
}
