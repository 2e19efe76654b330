// @ts-check
// One virtual user's iteration: pick an endpoint by weight, call it, classify and check the answer,
// then think.
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Rate } from 'k6/metrics';
import { classifyStatus, isFallbackBody, pickEndpoint } from '../../scenarios/outcomes.js';

// k6 metrics must be created in the init context, i.e. at module load.
export const loadErrors = new Rate('load_errors');
export const loadShed = new Rate('load_shed');
export const fallbackAnswers = new Counter('fallback_answers');

/**
 * @param {import('../../scenarios/scenario-types.js').Scenario} scenario
 * @param {string} base
 * @param {() => number} [random]
 */
export function userIteration(scenario, base, random = Math.random) {
  const endpoint = pickEndpoint(scenario.endpoints, random());
  const body = endpoint.body === undefined ? null : JSON.stringify(endpoint.body);
  const res = http.request(endpoint.method, `${base}${endpoint.path}`, body, {
    headers: body === null ? {} : { 'Content-Type': 'application/json' },
    tags: { kind: 'user', endpoint: endpoint.name },
    // Every status is judged below; k6's own http_req_failed would count planned 503s as failures.
    responseCallback: http.expectedStatuses({ min: 200, max: 599 }),
  });
  const outcome = classifyStatus(endpoint, res.status, scenario.rateLimit);
  const tags = { endpoint: endpoint.name };
  loadErrors.add(outcome === 'error', tags);
  loadShed.add(outcome === 'shed' || outcome === 'degraded', tags);
  const text = typeof res.body === 'string' ? res.body : null;
  if (isFallbackBody(text)) fallbackAnswers.add(1, tags);
  check(res, { [`${endpoint.name}: planned status`]: () => outcome !== 'error' }, tags);
  // 0.5x..1.5x the mean think time, in seconds.
  sleep((scenario.thinkTimeMs * (0.5 + random())) / 1000);
  return outcome;
}
