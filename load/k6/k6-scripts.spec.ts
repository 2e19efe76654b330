/**
 * The k6 scripts' request logic, run in Jest with k6's modules replaced by recording doubles
 * (k6 itself cannot be installed here). What k6 would send, check, sleep and measure is asserted.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { resolveScenario } from '../scenarios/index.js';
import { createK6Recorder, installK6Doubles, type K6Recorder, type K6Script } from './testing/k6-doubles.js';

const BASE = 'http://service.test:8123';

async function loadScript(name: string, env: Record<string, string> = {}): Promise<{ script: K6Script; rec: K6Recorder }> {
  jest.resetModules();
  const rec = createK6Recorder();
  installK6Doubles(rec, { BASE_URL: `${BASE}/`, ...env });
  const script = (await import(`./${name}.js`)) as K6Script;
  return { script, rec };
}

/** A fixed pseudo-random sequence (LCG), so the weighted picks are the same on every run. */
function seedRandom(seed = 42): void {
  let state = seed;
  jest.spyOn(Math, 'random').mockImplementation(() => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  });
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe.each(['basic', 'spike', 'endurance', 'chaos'])('load/k6/%s.js', (name) => {
  it('builds its k6 stages and thresholds from the shared scenario data, scaled by the env', async () => {
    const env = { LOAD_TEST_DURATION: '100s', LOAD_TEST_MAX_USERS: '40' };
    const { script } = await loadScript(name, env);
    const scenario = resolveScenario(name, env);
    const users = script.options.scenarios!.users as { executor: string; stages: { duration: string; target: number }[] };
    expect(users.executor).toBe('ramping-vus');
    expect(users.stages).toEqual(scenario.stages.map((s) => ({ duration: `${s.durationS}s`, target: s.users })));
    expect(Math.max(...users.stages.map((s) => s.target))).toBe(40);
    expect(script.options.thresholds).toMatchObject({
      'http_req_duration{kind:user}': [`p(95)<${scenario.thresholds.p95Ms}`, `p(99)<${scenario.thresholds.p99Ms}`],
      'http_reqs{kind:user}': [`rate>=${scenario.thresholds.minThroughputRps}`],
      load_errors: [`rate<=${scenario.thresholds.maxErrorRate}`],
    });
    expect(Boolean(script.options.scenarios!.faults)).toBe(scenario.faults.length > 0);
  });

  it('sends the endpoint mix to BASE_URL, with JSON bodies, tags and think time', async () => {
    const { script, rec } = await loadScript(name);
    const scenario = resolveScenario(name, {});
    seedRandom();
    for (let i = 0; i < 400; i++) script.users();

    expect(rec.requests).toHaveLength(400);
    const byName = new Map(scenario.endpoints.map((e) => [e.name, e]));
    const totalWeight = scenario.endpoints.reduce((s, e) => s + e.weight, 0);
    for (const endpoint of scenario.endpoints) {
      const sent = rec.requests.filter((r) => r.params.tags?.endpoint === endpoint.name);
      // Within 8 points of the planned share over 400 seeded picks.
      expect(Math.abs(sent.length / 400 - endpoint.weight / totalWeight)).toBeLessThan(0.08);
      for (const r of sent) {
        expect(r.method).toBe(endpoint.method);
        expect(r.url).toBe(`${BASE}${endpoint.path}`);
        expect(r.params.tags?.kind).toBe('user');
        if (endpoint.body !== undefined) {
          expect(JSON.parse(r.body!)).toEqual(endpoint.body);
          expect(r.params.headers?.['Content-Type']).toBe('application/json');
        } else expect(r.body).toBeNull();
      }
    }
    expect(rec.requests.every((r) => byName.has(r.params.tags!.endpoint!))).toBe(true);
    const think = scenario.thinkTimeMs / 1000;
    expect(rec.sleeps).toHaveLength(400);
    expect(Math.min(...rec.sleeps)).toBeGreaterThanOrEqual(think * 0.5);
    expect(Math.max(...rec.sleeps)).toBeLessThan(think * 1.5);
  });
});

describe('answers as k6 metrics and checks', () => {
  it('counts planned degraded answers as shed, other failures as errors, and fallbacks', async () => {
    const { script, rec } = await loadScript('chaos');
    rec.respond = (r) => {
      if (r.url.endsWith('/api/external-data')) return { status: 200, body: '{"source":"fallback","data":{}}' };
      if (r.url.includes('/api/cache/') && r.method === 'GET') return { status: 503, body: '{"message":"Redis is unavailable"}' };
      if (r.url.includes('/api/cache/')) return { status: 500, body: '{}' };
      return { status: 200, body: '{"status":"up"}' };
    };
    seedRandom(7);
    for (let i = 0; i < 200; i++) script.users();

    const sentTo = (name: string) => rec.requests.filter((r) => r.params.tags?.endpoint === name).length;
    const errors = rec.samples('load_errors');
    const shed = rec.samples('load_shed');
    expect(rec.metricKinds.get('load_errors')).toBe('rate');
    expect(errors).toHaveLength(200);
    // Only the cache writes' 500s are errors; the reads' 503 is the planned "Redis down" answer.
    expect(errors.filter((s) => s.value === 1)).toHaveLength(sentTo('cache-write'));
    expect(errors.filter((s) => s.value === 1).every((s) => s.tags?.endpoint === 'cache-write')).toBe(true);
    expect(shed.filter((s) => s.value === 1)).toHaveLength(sentTo('cache-read'));
    expect(rec.samples('fallback_answers')).toHaveLength(sentTo('external-data'));
    expect(rec.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(
      Array(sentTo('cache-write')).fill('cache-write: planned status'),
    );
  });

  it('counts 429 as shed in the spike (rate limit kept) and as an error in basic (rate limit raised)', async () => {
    for (const name of ['spike', 'basic']) {
      const { script, rec } = await loadScript(name);
      rec.respond = () => ({ status: 429, body: '{"statusCode":429}' });
      seedRandom();
      for (let i = 0; i < 50; i++) script.users();
      // heavy-computation plans 429 (its bulkhead may be configured to answer it) in both.
      const heavy = rec.requests.filter((r) => r.params.tags?.endpoint === 'heavy-computation').length;
      const errors = rec.samples('load_errors').filter((s) => s.value === 1).length;
      const shed = rec.samples('load_shed').filter((s) => s.value === 1).length;
      expect(errors + shed).toBe(50);
      expect(shed).toBe(name === 'spike' ? 50 : heavy);
      expect(heavy).toBeLessThan(50);
    }
  });
});

describe('monitor', () => {
  it('records open breakers and bulkhead activity from /health/detailed, once a second', async () => {
    const { script, rec } = await loadScript('spike');
    rec.respond = () => ({
      status: 503,
      body: JSON.stringify({
        status: 'degraded',
        circuitBreakers: { external_api: { state: 'open' }, cache: { state: 'closed' } },
        bulkheads: { heavy_computation: { active: 3, queued: 5 } },
      }),
    });
    script.monitor();
    expect(rec.requests.map((r) => [r.method, r.url, r.params.tags?.kind])).toEqual([['GET', `${BASE}/health/detailed`, 'monitor']]);
    expect(rec.samples('breaker_open_seen')).toEqual([{ value: 1, tags: { breaker: 'external_api' } }]);
    expect(rec.samples('bulkhead_active')).toEqual([{ value: 3, tags: { bulkhead: 'heavy_computation' } }]);
    expect(rec.sleeps).toEqual([1]);
    expect(script.options.thresholds!['bulkhead_active{bulkhead:heavy_computation}']).toEqual(['max<=3']);
  });

  it('records nothing from a malformed answer', async () => {
    const { script, rec } = await loadScript('basic');
    rec.respond = () => ({ status: 200, body: '<html>' });
    script.monitor();
    expect(rec.samples('breaker_open_seen')).toEqual([]);
    expect(rec.samples('bulkhead_active')).toEqual([]);
  });
});

describe('chaos fault timeline', () => {
  it('waits for each fault time and sets the upstream through the admin endpoint with the token', async () => {
    const env = { LOAD_TEST_DURATION: '100', ADMIN_TOKEN: 's3cret' };
    const { script, rec } = await loadScript('chaos', env);
    const scenario = resolveScenario('chaos', env);
    script.faults!();

    const upstreamFaults = scenario.faults.filter((f) => f.action.kind === 'upstream');
    expect(rec.requests.map((r) => [r.method, r.url, r.params.headers?.Authorization, JSON.parse(r.body!), r.params.tags?.fault])).toEqual(
      upstreamFaults.map((f) => [
        'POST',
        `${BASE}/admin/upstream`,
        'Bearer s3cret',
        { failureRate: (f.action as { failureRate: number }).failureRate },
        f.id,
      ]),
    );
    // Sleeps add up to the last fault's time: each fault fires at its own second.
    expect(rec.sleeps.reduce((a, b) => a + b, 0)).toBeCloseTo(scenario.faults.at(-1)!.atS, 6);
    expect(rec.samples('faults_injected')).toHaveLength(upstreamFaults.length);
    expect(rec.logs.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      expect.stringContaining('fault redis-stops: k6 cannot stop'),
      expect.stringContaining('fault redis-starts: k6 cannot start'),
    ]);
  });

  it('reports an admin call that is refused and does not count it', async () => {
    const { script, rec } = await loadScript('chaos', { ADMIN_TOKEN: 'wrong' });
    rec.respond = () => ({ status: 401, body: '{"statusCode":401}' });
    script.faults!();
    expect(rec.samples('faults_injected')).toEqual([]);
    expect(rec.logs.filter((l) => l.level === 'error')).toHaveLength(2);
    expect(rec.logs[0]!.text).toMatch(/upstream-fails: \/admin\/upstream answered 401/);
  });
});
