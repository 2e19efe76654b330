import { AxiosError } from 'axios';
import { HttpConnectionPool } from '../../libs/resilience/src/core/pools/http-pool.js';
import { isResilienceConfigError, isResilienceError, isTimeoutError } from '../../libs/resilience/src/core/errors.js';
import { getFreePort } from '../helpers/free-port.js';
import { waitForPoolStatus } from '../helpers/pool-events.js';
import { startUpstreamStub, type UpstreamStub } from '../helpers/upstream.js';

describe('HttpConnectionPool against a real upstream', () => {
  let stub: UpstreamStub;
  const pools: HttpConnectionPool[] = [];
  const makePool = (opts: Partial<ConstructorParameters<typeof HttpConnectionPool>[1]> = {}, name = 'upstream'): HttpConnectionPool => {
    const pool = new HttpConnectionPool(name, { baseUrl: stub.url, healthCheckInterval: 0, ...opts });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    stub = await startUpstreamStub();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    stub.setLatency(0);
    stub.setFailureRate(0);
    stub.setFailureStatus(500);
  });
  afterAll(async () => {
    await stub.stop();
  });

  it('serves 1,000 requests at concurrency 50 over at most maxConnections reused sockets', async () => {
    const pool = makePool({ maxConnections: 5, acquireTimeout: 10_000 });
    const before = stub.connectionsAccepted;
    let maxOpen = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 1000) {
        next++;
        const res = await pool.get<{ id: number }>('/data');
        expect(typeof res.data.id).toBe('number');
        maxOpen = Math.max(maxOpen, stub.openConnections);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    expect(stub.connectionsAccepted - before).toBeLessThanOrEqual(5);
    expect(stub.connectionsAccepted - before).toBeGreaterThan(0);
    expect(maxOpen).toBeLessThanOrEqual(5);
    const stats = pool.stats();
    expect(stats.totalAcquired).toBe(1000);
    expect(stats.active).toBe(0);
    expect(stats.failed).toBe(0);
  });

  it('fails a slow response with a TimeoutError after readTimeout, and the next request works', async () => {
    const pool = makePool({ readTimeout: 100 });
    stub.setLatency(2_000);
    const started = performance.now();
    const err = await pool.get('/data').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isTimeoutError(err)).toBe(true);
    expect((err as Error).message).toContain('HTTP pool "upstream"');
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(400);
    expect(pool.stats().failed).toBe(1);
    stub.setLatency(0);
    await expect(pool.get('/data')).resolves.toMatchObject({ status: 200 });
  });

  it('fails fast, well within connectionTimeout, when the port refuses connections', async () => {
    const port = await getFreePort();
    const pool = makePool({ baseUrl: `http://127.0.0.1:${port}`, connectionTimeout: 3_000 });
    const started = performance.now();
    const err = await pool.get('/data').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(AxiosError);
    expect((err as AxiosError).code).toBe('ECONNREFUSED');
    expect(pool.stats().failed).toBe(1);
    expect(pool.stats().lastError).toMatch(/ECONNREFUSED/);
  });

  it('makes callers beyond the limit wait, then fail with POOL_ACQUIRE_TIMEOUT; it never deadlocks', async () => {
    const pool = makePool({ maxConnections: 2, acquireTimeout: 100 });
    stub.setLatency(400);
    const busy = [pool.get('/data'), pool.get('/data')];
    const started = performance.now();
    const err = await pool.get('/data').catch((e: unknown) => e);
    const waited = performance.now() - started;
    expect(isResilienceError(err) && err.code).toBe('POOL_ACQUIRE_TIMEOUT');
    expect((err as Error).message).toMatch(/HTTP pool "upstream": no connection free within acquireTimeout 100 ms/);
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(390);
    await expect(Promise.all(busy)).resolves.toHaveLength(2);
    expect(pool.stats().acquireTimeouts).toBe(1);
    stub.setLatency(0);
    await expect(pool.get('/data')).resolves.toMatchObject({ status: 200 });
    expect(pool.stats().active).toBe(0);
  });

  it('serves queued callers in turn when the wait fits in acquireTimeout', async () => {
    const pool = makePool({ maxConnections: 2, acquireTimeout: 5_000 });
    stub.setLatency(30);
    const results = await Promise.all(Array.from({ length: 8 }, () => pool.get('/data')));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(pool.stats().acquireWaitMsTotal).toBeGreaterThan(0);
    expect(pool.stats().waiting).toBe(0);
  });

  it('reports 4xx with the status on err.response and does not count it as a transport failure', async () => {
    const pool = makePool();
    stub.setFailureStatus(404);
    stub.setFailureRate(1);
    const err = await pool.get('/data').catch((e: unknown) => e);
    expect((err as AxiosError).response?.status).toBe(404);
    expect((err as AxiosError).code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(pool.stats().failed).toBe(0);
  });

  it('posts JSON bodies and sends default headers', async () => {
    const pool = makePool({ defaultHeaders: { 'x-team': 'resilience' } });
    const res = await pool.post<{ failureRate: number }>('/__control', { failureRate: 0 });
    expect(res.status).toBe(200);
    expect(res.data.failureRate).toBe(0);
    expect(res.config.headers['x-team']).toBe('resilience');
  });

  it("passes a call's own config through: headers, params and the method of request()", async () => {
    const pool = makePool({ defaultHeaders: { 'x-team': 'resilience' } });
    const res = await pool.get('/data', { headers: { 'X-Trace': 'abc' }, params: { q: 1 } });
    expect(res.status).toBe(200);
    expect(res.config).toMatchObject({ method: 'GET', url: '/data', params: { q: 1 } });
    expect(res.config.headers).toMatchObject({ 'x-team': 'resilience', 'x-trace': 'abc' });
    expect(res.request).toEqual({ method: 'GET', path: '/data?q=1' });
    const put = await pool.request<{ failureRate: number }>({ method: 'POST', url: '/__control', data: { failureRate: 0 } });
    expect(put.data.failureRate).toBe(0);
    expect(put.config.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('stops a request when its AbortSignal fires, with the signal reason', async () => {
    const pool = makePool();
    stub.setLatency(2_000);
    const controller = new AbortController();
    const pending = pool.get('/data', { signal: controller.signal });
    const reason = new Error('caller gave up');
    setImmediate(() => controller.abort(reason));
    await expect(pending).rejects.toBe(reason);
    expect(pool.stats().active).toBe(0);
  });

  it('goes down when the upstream stops and back up when it starts, by itself', async () => {
    const pool = makePool({ healthCheckInterval: 50, healthCheckTimeout: 200, unhealthyThreshold: 2 });
    const changes: string[] = [];
    pool.onStatusChange((c) => changes.push(`${c.from}->${c.to}`));
    await pool.checkHealth();
    expect(pool.status).toBe('up');
    await stub.stop();
    try {
      await waitForPoolStatus(pool, 'down', 5_000);
      expect(pool.stats().consecutiveFailures).toBeGreaterThanOrEqual(2);
      expect(pool.stats().lastError).toMatch(/health check GET \/health failed/);
    } finally {
      await stub.start();
    }
    await waitForPoolStatus(pool, 'up', 5_000);
    expect(changes).toEqual(['up->degraded', 'degraded->down', 'down->up']);
    expect(pool.stats().consecutiveFailures).toBe(0);
  });

  it('keeps secrets out of its options view', () => {
    const pool = makePool({ baseUrl: `http://user:s3cret@127.0.0.1:${stub.port}`, defaultHeaders: { authorization: 'Bearer abc' } });
    expect(JSON.stringify(pool.options)).not.toMatch(/s3cret|Bearer abc/);
    expect(pool.options.baseUrl).toBe(`http://user:****@127.0.0.1:${stub.port}`);
  });

  it('rejects bad options with an error naming the key', () => {
    let err: unknown;
    try {
      new HttpConnectionPool('bad', { baseUrl: 'ftp://x', maxConnections: 0 });
    } catch (e) {
      err = e;
    }
    expect(isResilienceConfigError(err)).toBe(true);
    expect((err as Error).message).toContain('connection_pools.bad.baseUrl');
    expect((err as Error).message).toContain('connection_pools.bad.maxConnections');
  });
});
