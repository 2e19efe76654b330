import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../../../../test/helpers/redis.js';
import { RATE_LIMIT_SCRIPT } from './redis-rate-limit-script.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

// Windows of 1e12 ms (~31 years, aligned to the epoch) never cross a boundary during a test, so
// counts are deterministic although Redis, not the test, owns the clock.
const HUGE_WINDOW = 1e12;
const SCRIPT_SHA1 = createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex');

describe('RedisRateLimiter (real redis-server)', () => {
  let server: RedisServerHandle;
  let client: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.port, server.host, { lazyConnect: false });
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('admits the limit, then rejects with the time to the window end', async () => {
    const limiter = new RedisRateLimiter({ client, limit: 5, windowMs: HUGE_WINDOW, keyPrefix: 't1:' });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await limiter.consume('ip'));
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[5].allowed).toBe(false);
    expect(results[5].retryAfterMs).toBe(results[5].resetMs);
    expect(results[5].retryAfterMs).toBeGreaterThan(0);
    expect(await client.pttl('t1:ip')).toBeGreaterThan(HUGE_WINDOW);
  });

  it('admits at most the limit across replicas racing on the same key', async () => {
    const replicaClient = new Redis(server.port, server.host);
    try {
      const a = new RedisRateLimiter({ client, limit: 30, windowMs: HUGE_WINDOW, keyPrefix: 't2:' });
      const b = new RedisRateLimiter({ client: replicaClient, limit: 30, windowMs: HUGE_WINDOW, keyPrefix: 't2:' });
      const calls = Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).consume('shared'));
      const admitted = (await Promise.all(calls)).filter((r) => r.allowed).length;
      expect(admitted).toBe(30);
    } finally {
      replicaClient.disconnect();
    }
  });

  it('reloads the script with EVAL after Redis forgot it (NOSCRIPT)', async () => {
    const limiter = new RedisRateLimiter({ client, limit: 3, windowMs: HUGE_WINDOW, keyPrefix: 't3:' });
    await limiter.consume('k');
    await client.script('FLUSH');
    expect((await limiter.consume('k')).remaining).toBe(1);
    const [loaded] = (await client.script('EXISTS', SCRIPT_SHA1)) as number[];
    expect(loaded).toBe(1);
  });

  it('weights the previous window in sliding mode, by the Redis clock', async () => {
    const limiter = new RedisRateLimiter({ client, limit: 10, windowMs: HUGE_WINDOW, algorithm: 'sliding', keyPrefix: 't4:' });
    const [seconds] = await client.time();
    const nowMs = Number(seconds) * 1000;
    const index = Math.floor(nowMs / HUGE_WINDOW);
    const stillCounting = (HUGE_WINDOW - (nowMs - index * HUGE_WINDOW)) / HUGE_WINDOW; // share of the previous window
    // The previous window was full.
    await client.hset('t4:k', 'i', index - 1, 'c', 10, 'p', 0);
    let admitted = 0;
    while ((await limiter.consume('k')).allowed) admitted++;
    expect(admitted).toBe(Math.floor(10 - 10 * stillCounting));
  });

  it('propagates errors other than NOSCRIPT', async () => {
    const limiter = new RedisRateLimiter({ client, limit: 3, windowMs: 1000, keyPrefix: 't5:' });
    await client.set('t5:k', 'a string, not a hash');
    await expect(limiter.consume('k')).rejects.toThrow(/WRONGTYPE/);
  });
});
