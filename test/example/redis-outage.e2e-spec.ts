/**
 * Redis stopped and restarted under the running app: the app is started with REDIS_URL of a
 * redis-server this test owns, so it can kill and restart it.
 */
import { jest } from '@jest/globals';
import { startRedisServer, type RedisServerHandle } from '../../apps/example/src/embedded/redis-launcher.js';
import { ADMIN_TOKEN, HIGH_RATE_LIMIT, call, configVariant, ensureBuilt, startExampleApp, type ExampleApp } from './example-app.js';

jest.setTimeout(60_000);

let redis: RedisServerHandle;
let app: ExampleApp;

beforeAll(async () => {
  ensureBuilt();
  redis = await startRedisServer();
  // A 1 s health check so the pool notices the outage (and the recovery) quickly.
  const config = configVariant([HIGH_RATE_LIMIT, [['connection_pools', 'redis', 'main_cache', 'health_check_interval'], 1]]);
  app = await startExampleApp({ REDIS_URL: redis.url, CONFIG_FILE: config });
}, 240_000);

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await redis?.stop();
});

/** Polls `probe` until it returns true (each probe is a real request; no fixed sleeps). */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('says it uses the given REDIS_URL and starts no redis-server of its own', () => {
  expect(app.output.join('\n')).toContain(`redis: using REDIS_URL ${redis.url}`);
});

it('answers 503 JSON quickly while Redis is down, reports the pool down, and recovers by itself', async () => {
  expect((await call(`${app.url}/api/cache/outage`, { method: 'POST', json: { value: 'before' } })).status).toBe(200);

  await redis.kill('SIGKILL');
  const started = performance.now();
  const during = await call(`${app.url}/api/cache/outage`);
  expect(performance.now() - started).toBeLessThan(2_000);
  expect(during.status).toBe(503);
  expect(during.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String) });
  const write = await call(`${app.url}/api/cache/outage`, { method: 'POST', json: { value: 'during' } });
  expect(write.status).toBe(503);

  await eventually(
    async () => (await call(`${app.url}/health/detailed`)).body?.pools?.main_cache?.status === 'down',
    'main_cache down in /health/detailed',
  );
  expect((await call(`${app.url}/health/ready`)).status).toBe(503);
  expect((await call(`${app.url}/health/live`)).status).toBe(200);
  // The other dependency is unaffected.
  expect((await call(`${app.url}/api/external-data`)).status).toBe(200);

  await redis.restart();
  await eventually(async () => (await call(`${app.url}/health/ready`)).status === 200, 'readiness back');
  // The cache breaker may have opened during the outage; it lets a trial through after its recovery timeout.
  let lastFailure = '';
  // Each of the pool's connections reconnects on its own schedule: recovered means a run of answers in a row.
  await eventually(async () => {
    await call(`${app.url}/admin/circuit-breakers/cache/reset`, { method: 'POST', token: ADMIN_TOKEN });
    // 100 commands: at least once over each of the pool's 50 connections (round robin), twice over most.
    for (let i = 0; i < 100; i++) {
      const answer =
        i % 2 === 0
          ? await call(`${app.url}/api/cache/outage`, { method: 'POST', json: { value: 'after' } })
          : await call(`${app.url}/api/cache/outage`);
      if (answer.status !== 200) {
        lastFailure = answer.text;
        return false;
      }
    }
    return true;
  }, 'every connection of the pool back').catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${lastFailure}`);
  });
  expect((await call(`${app.url}/api/cache/outage`)).body).toEqual({ key: 'outage', value: 'after' });
});
