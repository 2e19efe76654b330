/**
 * Every endpoint of the built example service, started as `npm start` starts it (a child process
 * with its own redis-server and upstream stub), including bad input and the admin endpoints.
 */
import { ADMIN_TOKEN, HIGH_RATE_LIMIT, call, configVariant, ensureBuilt, startExampleApp, type ExampleApp } from './example-app.js';

import { jest } from '@jest/globals';

jest.setTimeout(60_000);

let app: ExampleApp;
const admin = (path: string, json?: unknown) => call(`${app.url}/admin${path}`, { method: 'POST', token: ADMIN_TOKEN, json });

beforeAll(async () => {
  ensureBuilt();
  app = await startExampleApp({ CONFIG_FILE: configVariant([HIGH_RATE_LIMIT]) });
}, 240_000);

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
});

describe('start-up', () => {
  it('prints one line per dependency, without secrets', () => {
    const text = app.output.join('\n');
    expect(text).toMatch(/redis: started a private redis-server at redis:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/upstream: started the bundled upstream stub at http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/admin: enabled/);
    expect(text).not.toContain(ADMIN_TOKEN);
  });
});

describe('health and metrics', () => {
  it('serves /health, /health/live and /health/ready', async () => {
    expect(await call(`${app.url}/health`)).toMatchObject({ status: 200, body: { status: 'up' } });
    expect((await call(`${app.url}/health/live`)).status).toBe(200);
    expect((await call(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('details every pool and breaker in /health/detailed', async () => {
    const { status, body } = await call(`${app.url}/health/detailed`);
    expect(status).toBe(200);
    expect(body.pools.main_cache).toMatchObject({ status: 'up', kind: 'redis' });
    expect(body.pools.external_api).toMatchObject({ status: 'up', kind: 'http' });
  });

  it('serves Prometheus text at /metrics', async () => {
    await call(`${app.url}/api/external-data`);
    const { status, text } = await call(`${app.url}/metrics`);
    expect(status).toBe(200);
    expect(text).toMatch(/^circuit_breaker_state\{name="external_api"\} 0$/m);
    expect(text).toMatch(/^connection_pool_active_connections\{pool_name="main_cache"\} \d+$/m);
  });
});

describe('GET /api/external-data', () => {
  it('answers the upstream data through the pool', async () => {
    const { status, body } = await call(`${app.url}/api/external-data`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'upstream', data: { items: expect.any(Array) } });
  });

  it('answers the last good answer, marked fallback, while the breaker is forced open', async () => {
    const good = await call(`${app.url}/api/external-data`);
    expect(good.body.source).toBe('upstream');
    expect((await admin('/circuit-breakers/external_api/force-open')).body.state).toBe('forced_open');
    try {
      const { status, body } = await call(`${app.url}/api/external-data`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ source: 'fallback', data: good.body.data, fetchedAt: good.body.fetchedAt });
      expect(body.reason).toMatch(/external_api/);
    } finally {
      await admin('/circuit-breakers/external_api/reset');
    }
    expect((await call(`${app.url}/api/external-data`)).body.source).toBe('upstream');
  });

  it('falls back when the upstream fails, and opens the breaker after 3 failures', async () => {
    await admin('/upstream', { failureRate: 1 });
    try {
      for (let i = 0; i < 3; i++) expect((await call(`${app.url}/api/external-data`)).body.source).toBe('fallback');
      const breakers = (await call(`${app.url}/admin/circuit-breakers`, { token: ADMIN_TOKEN })).body as Array<{
        name: string;
        state: string;
      }>;
      expect(breakers.find((b) => b.name === 'external_api')?.state).toBe('open');
    } finally {
      await admin('/upstream', { failureRate: 0 });
      await admin('/circuit-breakers/external_api/reset');
    }
  });
});

describe('/api/cache/:key', () => {
  it('stores JSON values and reads them back', async () => {
    const value = { nested: [1, 'two', { three: true }] };
    expect(await call(`${app.url}/api/cache/e2e:json`, { method: 'POST', json: { value } })).toMatchObject({
      status: 200,
      body: { key: 'e2e:json', value, ttl: null, stored: true },
    });
    expect(await call(`${app.url}/api/cache/e2e:json`)).toMatchObject({ status: 200, body: { key: 'e2e:json', value } });
  });

  it('accepts curl -d JSON sent as a form, and a real form with ttl', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await call(`${app.url}/api/cache/e2e-form`, { method: 'POST', headers: form, body: '{"value": "hello"}' })).body).toMatchObject(
      { value: 'hello' },
    );
    expect((await call(`${app.url}/api/cache/e2e-form2`, { method: 'POST', headers: form, body: 'value=hi&ttl=60' })).body).toMatchObject({
      value: 'hi',
      ttl: 60,
    });
    expect((await call(`${app.url}/api/cache/e2e-form`)).body.value).toBe('hello');
  });

  it('answers 404 JSON for a missing key', async () => {
    expect(await call(`${app.url}/api/cache/never-set`)).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });

  it.each([
    ['an invalid key', '/api/cache/bad%20key', { json: { value: 1 } }, 400, /key: may contain only/],
    ['a key over 128 characters', `/api/cache/${'k'.repeat(129)}`, { json: { value: 1 } }, 400, /key: must be 1 to 128/],
    ['bad JSON', '/api/cache/k', { headers: { 'content-type': 'application/json' }, body: '{"value": ' }, 400, /not valid JSON/],
    ['a missing value', '/api/cache/k', { json: { other: 1 } }, 400, /value: is required/],
    ['a bad ttl', '/api/cache/k', { json: { value: 1, ttl: -5 } }, 400, /ttl: must be/],
    ['a value over 64 KiB', '/api/cache/k', { json: { value: 'x'.repeat(70_000) } }, 413, /value: must be at most 65536 bytes/],
    ['a body over the parser limit', '/api/cache/k', { json: { value: 'x'.repeat(300_000) } }, 413, /larger than/],
  ])('answers %s with a clear 4xx JSON', async (_what, path, init, status, message) => {
    const answer = await call(`${app.url}${path}`, { method: 'POST', ...init });
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(answer.body.message).toMatch(message);
  });
});

describe('GET /api/heavy-computation', () => {
  it('counts primes in a worker thread', async () => {
    expect(await call(`${app.url}/api/heavy-computation?n=100000`)).toMatchObject({
      status: 200,
      body: { n: 100000, primes: 9592, bulkhead: 'heavy_computation' },
    });
  });

  it.each(['0', '-1', 'abc', '1e9', '5000001'])('rejects n=%s with 400', async (n) => {
    const answer = await call(`${app.url}/api/heavy-computation?n=${n}`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^n: must be a whole number from 1 to 5000000/);
  });

  it('keeps the event loop free while 3 threads compute, and answers 503 with the numbers once 3 run and 5 wait', async () => {
    let heavyCompleted = 0;
    // 12 at once, each about a second of CPU: 3 run, 5 wait, 4 find the bulkhead full (all arrive within milliseconds).
    const heavy = Array.from({ length: 12 }, () =>
      call(`${app.url}/api/heavy-computation?n=5000000`).then((a) => {
        if (a.status === 200) heavyCompleted++;
        return a;
      }),
    );
    const live = await call(`${app.url}/health/live`);
    // The event loop answered while the heavy calls were still running.
    expect(live.status).toBe(200);
    expect(heavyCompleted).toBe(0);
    const answers = await Promise.all(heavy);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(8);
    const rejected = answers.filter((a) => a.status === 503);
    expect(rejected).toHaveLength(4);
    for (const answer of rejected) {
      expect(answer.body).toMatchObject({
        statusCode: 503,
        name: 'BulkheadFullError',
        bulkhead: { name: 'heavy_computation', active: 3, queued: 5, maxConcurrent: 3, maxQueue: 5 },
      });
    }
  });
});

describe('GET /api/error-prone', () => {
  it('opens its breaker within 10 calls at the default rate, then answers 503 with Retry-After', async () => {
    await admin('/circuit-breakers/error_prone/reset');
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 10; i++) {
      last = await call(`${app.url}/api/error-prone`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([500, 500, 500]);
    expect(statuses.slice(3)).toEqual(Array(7).fill(503));
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last?.body).toMatchObject({ statusCode: 503, name: 'CircuitOpenError' });
    await admin('/circuit-breakers/error_prone/reset');
  });

  it('honours ?rate= and validates it', async () => {
    await admin('/circuit-breakers/error_prone/reset');
    expect(await call(`${app.url}/api/error-prone?rate=0`)).toMatchObject({ status: 200, body: { status: 'ok', errorRate: 0 } });
    expect((await call(`${app.url}/api/error-prone?rate=1`)).status).toBe(500);
    expect((await call(`${app.url}/api/error-prone?rate=2`)).body.message).toMatch(/^rate: must be a number from 0 to 1/);
    await admin('/circuit-breakers/error_prone/reset');
  });
});

describe('/admin', () => {
  it('answers 401 without a token or with a wrong one', async () => {
    const none = await call(`${app.url}/admin/circuit-breakers`);
    expect(none).toMatchObject({ status: 401, body: { statusCode: 401 } });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call(`${app.url}/admin/circuit-breakers`, { token: 'wrong' })).status).toBe(401);
    expect((await call(`${app.url}/admin/circuit-breakers/cache/force-open`, { method: 'POST', token: `${ADMIN_TOKEN}x` })).status).toBe(
      401,
    );
  });

  it('forces open, disables, closes and resets a breaker', async () => {
    expect((await admin('/circuit-breakers/cache/force-open')).body.state).toBe('forced_open');
    const refused = await call(`${app.url}/api/cache/anything`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await admin('/circuit-breakers/cache/disable')).body.state).toBe('disabled');
    expect((await call(`${app.url}/api/cache/anything`)).status).toBe(404);
    expect((await admin('/circuit-breakers/cache/close')).body.state).toBe('closed');
    expect((await admin('/circuit-breakers/cache/reset')).body.state).toBe('closed');
  });

  it('answers 404 for an unknown breaker or action', async () => {
    expect((await admin('/circuit-breakers/nope/reset')).body.message).toMatch(/No circuit breaker named "nope"/);
    expect((await admin('/circuit-breakers/cache/explode')).status).toBe(404);
  });

  it("sets the upstream stub's latency and failure rate, and validates them", async () => {
    expect((await admin('/upstream', { latencyMs: 5, failureRate: 0.25 })).body).toMatchObject({ latencyMs: 5, failureRate: 0.25 });
    expect((await call(`${app.url}/admin/upstream`, { token: ADMIN_TOKEN })).body).toMatchObject({ latencyMs: 5, failureRate: 0.25 });
    expect((await admin('/upstream', { failureRate: 3 })).body.message).toMatch(/^failureRate: must be a number from 0 to 1/);
    expect((await admin('/upstream', { color: 'red' })).body.message).toMatch(/^color: unknown setting/);
    expect((await admin('/upstream', { latencyMs: 0, failureRate: 0 })).status).toBe(200);
  });
});

describe('unknown routes and wrong methods', () => {
  it.each([
    ['GET', '/nope'],
    ['DELETE', '/api/cache/k'],
    ['PUT', '/api/external-data'],
    ['POST', '/api/error-prone'],
  ])('%s %s is a 404 JSON answer', async (method, path) => {
    expect(await call(`${app.url}${path}`, { method })).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });
});
