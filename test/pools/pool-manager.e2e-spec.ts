import { ConnectionPoolManager } from '../../libs/resilience/src/core/pools/pool-manager.js';
import { isResilienceConfigError, isResilienceError } from '../../libs/resilience/src/core/errors.js';
import { startRedisServer, type RedisServerHandle } from '../helpers/redis.js';
import { startUpstreamStub, type UpstreamStub } from '../helpers/upstream.js';
import { getFreePort } from '../helpers/free-port.js';

describe('ConnectionPoolManager with real servers', () => {
  let redis: RedisServerHandle;
  let stub: UpstreamStub;
  let manager: ConnectionPoolManager;

  beforeAll(async () => {
    [redis, stub] = await Promise.all([startRedisServer(), startUpstreamStub()]);
  });
  beforeEach(() => {
    manager = new ConnectionPoolManager();
  });
  afterEach(async () => {
    await manager.close();
  });
  afterAll(async () => {
    await Promise.all([redis.stop(), stub.stop()]);
  });

  it('creates, finds and lists pools by name and kind', async () => {
    const http = manager.createHttpPool('api', { baseUrl: stub.url, healthCheckInterval: 0 });
    const cache = manager.createRedisPool('cache', { url: redis.url, healthCheckInterval: 0 });
    expect(manager.getHttpPool('api')).toBe(http);
    expect(manager.getRedisPool('cache')).toBe(cache);
    expect(manager.list().map((p) => `${p.name}:${p.kind}`)).toEqual(['api:http', 'cache:redis']);
    expect(() => manager.getRedisPool('api')).toThrow(
      /connection_pools\.api: no Redis pool with this name; known pools: api \(http\), cache \(redis\)/,
    );
    expect(() => manager.createHttpPool('api', { baseUrl: stub.url })).toThrow(/already exists/);
    await expect(cache.client.ping()).resolves.toBe('PONG');
  });

  it('reports each pool and an overall status that is the worst of them', async () => {
    const deadPort = await getFreePort();
    const http = manager.createHttpPool('api', { baseUrl: stub.url, healthCheckInterval: 0 });
    const cache = manager.createRedisPool('cache', { url: redis.url, healthCheckInterval: 0 });
    const dead = manager.createHttpPool('dead', { baseUrl: `http://127.0.0.1:${deadPort}`, healthCheckInterval: 0, unhealthyThreshold: 1 });
    await Promise.all([http.checkHealth(), cache.checkHealth(), dead.checkHealth()]);
    const report = manager.getHealthStatus();
    expect(report.status).toBe('down');
    expect(report.pools.api).toMatchObject({ status: 'up', kind: 'http', healthCheckFailures: 0 });
    expect(report.pools.cache).toMatchObject({ status: 'up', kind: 'redis' });
    expect(report.pools.dead).toMatchObject({ status: 'down', consecutiveFailures: 1, healthCheckFailures: 1 });
    expect(report.pools.dead.lastError).toMatch(/ECONNREFUSED/);
    expect(report.pools.api.lastCheckLatencyMs).toBeGreaterThan(0);
  });

  it('closes every pool; their calls then fail with POOL_CLOSED', async () => {
    const http = manager.createHttpPool('api', { baseUrl: stub.url, healthCheckInterval: 0 });
    const cache = manager.createRedisPool('cache', { url: redis.url, healthCheckInterval: 0 });
    await cache.client.ping();
    await manager.close();
    const httpErr = await http.get('/data').catch((e: unknown) => e);
    const redisErr = await cache.client.ping().catch((e: unknown) => e);
    expect(isResilienceError(httpErr) && httpErr.code).toBe('POOL_CLOSED');
    expect(isResilienceError(redisErr) && redisErr.code).toBe('POOL_CLOSED');
    expect(manager.list()).toEqual([]);
    let err: unknown;
    try {
      manager.createHttpPool('late', { baseUrl: stub.url });
    } catch (e) {
      err = e;
    }
    expect(isResilienceError(err) && err.code).toBe('POOL_CLOSED');
    expect(isResilienceConfigError(err)).toBe(false);
  });
});
