// @ts-check
// Runs the scenario's fault timeline from one VU: waits for each fault's time, then calls the
// admin endpoint. Redis faults need access to the machine the service runs on, which k6 has not:
// they are logged and skipped (the Node runner performs them).
import { sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { ROUTES, adminHeaders } from '../../scenarios/service-routes.js';

export const faultsInjected = new Counter('faults_injected');

/**
 * @param {import('../../scenarios/scenario-types.js').Scenario} scenario
 * @param {string} base
 * @param {string} token ADMIN_TOKEN
 */
export function runFaultTimeline(scenario, base, token) {
  let now = 0;
  for (const fault of scenario.faults) {
    if (fault.atS > now) sleep(fault.atS - now);
    now = Math.max(now, fault.atS);
    const action = fault.action;
    if (action.kind === 'redis') {
      console.warn(
        `fault ${fault.id}: k6 cannot ${action.running ? 'start' : 'stop'} the service's Redis; skipped (the Node runner does it)`,
      );
      continue;
    }
    /** @type {Record<string, number>} */
    const settings = {};
    if (action.failureRate !== undefined) settings.failureRate = action.failureRate;
    if (action.latencyMs !== undefined) settings.latencyMs = action.latencyMs;
    const res = http.post(`${base}${ROUTES.adminUpstream}`, JSON.stringify(settings), {
      headers: adminHeaders(token),
      tags: { kind: 'admin', fault: fault.id },
    });
    if (res.status !== 200) console.error(`fault ${fault.id}: ${ROUTES.adminUpstream} answered ${res.status}: ${res.body}`);
    else faultsInjected.add(1, { fault: fault.id });
  }
}
