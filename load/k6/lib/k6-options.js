// @ts-check
// k6 options built from the shared scenario data: a ramping-vus scenario for the users, a
// one-iteration scenario for the fault timeline, a 1-VU monitor, and thresholds for every limit.

/** The service's base URL: BASE_URL, default the example's port. @param {Record<string, string>} env */
export function baseUrl(env) {
  return (env.BASE_URL || 'http://localhost:8000').replace(/\/+$/, '');
}

/**
 * @param {import('../../scenarios/scenario-types.js').Scenario} scenario
 * @returns {import('k6/options').Options}
 */
export function k6Options(scenario) {
  /** @type {NonNullable<import('k6/options').Options['scenarios']>} */
  const scenarios = {
    users: {
      executor: 'ramping-vus',
      exec: 'users',
      startVUs: 0,
      stages: scenario.stages.map((stage) => ({ duration: `${stage.durationS}s`, target: stage.users })),
      gracefulRampDown: '5s',
      tags: { scenario: scenario.name },
    },
    monitor: {
      executor: 'constant-vus',
      exec: 'monitor',
      vus: 1,
      duration: `${scenario.durationS}s`,
    },
  };
  if (scenario.faults.length > 0) {
    scenarios.faults = { executor: 'per-vu-iterations', exec: 'faults', vus: 1, iterations: 1, maxDuration: `${scenario.durationS}s` };
  }
  const t = scenario.thresholds;
  /** @type {Record<string, string[]>} */
  const thresholds = {
    // Only the users' requests count: monitor and admin calls are tagged apart.
    'http_req_duration{kind:user}': [`p(95)<${t.p95Ms}`, `p(99)<${t.p99Ms}`],
    'http_reqs{kind:user}': [`rate>=${t.minThroughputRps}`],
    load_errors: [`rate<=${t.maxErrorRate}`],
  };
  for (const x of scenario.expectations) {
    if (x.kind === 'fallback-served') thresholds.fallback_answers = [`count>=${x.min}`];
    if (x.kind === 'breaker-opens') thresholds[`breaker_open_seen{breaker:${x.breaker}}`] = ['count>=1'];
    if (x.kind === 'bulkhead-limit') thresholds[`bulkhead_active{bulkhead:${x.bulkhead}}`] = [`max<=${x.maxActive}`];
  }
  return { scenarios, thresholds, summaryTrendStats: ['avg', 'p(50)', 'p(95)', 'p(99)', 'max'] };
}
