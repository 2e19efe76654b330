// @ts-check
// k6 run load/k6/chaos.js -e BASE_URL=http://localhost:8000 [-e LOAD_TEST_MAX_USERS=.. -e LOAD_TEST_DURATION=.. -e ADMIN_TOKEN=..]
// The scenario itself is data in load/scenarios/chaos.js, shared with the Node runner (npm run load -- chaos).
import { resolveScenario } from '../scenarios/index.js';
import { runFaultTimeline } from './lib/fault-timeline.js';
import { baseUrl, k6Options } from './lib/k6-options.js';
import { monitorOnce } from './lib/monitor.js';
import { userIteration } from './lib/user-requests.js';

const scenario = resolveScenario('chaos', __ENV);
const base = baseUrl(__ENV);

export const options = k6Options(scenario);

export function users() {
  userIteration(scenario, base);
}

export function monitor() {
  monitorOnce(base);
}

export function faults() {
  runFaultTimeline(scenario, base, __ENV.ADMIN_TOKEN || '');
}
