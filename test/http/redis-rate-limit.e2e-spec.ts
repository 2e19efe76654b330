import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis.js';
import { CapturingLogger, startTestApp, type TestApp } from './http-test-app.js';

// Redis windows are aligned to the Redis clock; one of 1e12 ms never ends during the test.
const WINDOW = 1e12;

describe('HTTP rate limit in Redis, shared by an Express and a Fastify replica', () => {
  let server: RedisServerHandle;
  const clients: Redis[] = [];
  let express: TestApp;
  let fastify: TestApp;
  const logger = new CapturingLogger(); // shared: Nest's logger is process-wide

  function client(): Redis {
    // No offline queue: while Redis is down a command fails at once instead of waiting (and a
    // generous store timeout, so a loaded machine does not look like a dead Redis).
    const c = new Redis(server.port, server.host, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    server = await startRedisServer();
    const options = (redisClient: Redis) => ({
      timeout: 5_000,
      rateLimit: { requests: 20, window: WINDOW, store: 'redis' as const, redisClient, keyPrefix: 'e2e:', storeTimeoutMs: 10_000 },
    });
    const [a, b] = [client(), client()];
    await Promise.all([a, b].map((c) => (c.status === 'ready' ? undefined : new Promise((resolve) => c.once('ready', resolve)))));
    express = await startTestApp('express', options(a), undefined, logger);
    fastify = await startTestApp('fastify', options(b), undefined, logger);
  });

  afterAll(async () => {
    await express?.close();
    await fastify?.close();
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it('admits at most the limit across both replicas together', async () => {
    const calls = [];
    for (let i = 0; i < 30; i++) calls.push(fetch(`${express.url}/api/items/${i}`), fetch(`${fastify.url}/api/items/${i}`));
    const statuses = await Promise.all(calls.map(async (p) => (await p).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    expect(express.probe.count('items') + fastify.probe.count('items')).toBe(20);
    expect(logger.events('rate_limit_store_fallback')).toEqual([]);
  });

  it('falls back to memory when Redis dies, logging it once per replica, and still limits', async () => {
    await server.kill();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${express.url}/api/items/${i}`)).status);
    // Memory starts counting afresh: neither everything through nor everything rejected.
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const fallback = logger.events('rate_limit_store_fallback');
    expect(fallback).toHaveLength(1);
    // The structured event of DESIGN §4's shape: the name as message, flat fields, the same context.
    expect(fallback[0]).toMatchObject({
      level: 'warn',
      fields: { event: 'rate_limit_store_fallback', pool_name: 'default', limiter: 'http', fallback: 'memory' },
    });
    expect(fallback[0].fields.error).toEqual(expect.any(String));
    expect(logger.lines.find((l) => l.message === 'rate_limit_store_fallback')?.params.at(-1)).toBe('Resilience');

    for (let i = 0; i < 5; i++) expect((await fetch(`${fastify.url}/api/items/${i}`)).status).toBe(200);
    expect(logger.events('rate_limit_store_fallback')).toHaveLength(2); // one more: the other replica's
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
