// @ts-check
// k6 run load/k6/spike.js -e BASE_URL=http://localhost:8000 [-e LOAD_TEST_MAX_USERS=.. -e LOAD_TEST_DURATION=..]
// The scenario itself is data in load/scenarios/spike.js, shared with the Node runner (npm run load -- spike).
import { resolveScenario } from '../scenarios/index.js';

import { baseUrl, k6Options } from './lib/k6-options.js';
import { monitorOnce } from './lib/monitor.js';
import { userIteration } from './lib/user-requests.js';

const scenario = resolveScenario('spike', __ENV);
const base = baseUrl(__ENV);

export const options = k6Options(scenario);

export function users() {
  userIteration(scenario, base);
}

export function monitor() {
  monitorOnce(base);
}
