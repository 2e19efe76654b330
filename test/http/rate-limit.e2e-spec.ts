import { ADAPTERS, startTestApp, type TestApp } from './http-test-app.js';

describe.each(ADAPTERS)('HTTP rate limit, excludes and opt-outs (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(adapter, {
      timeout: 5_000,
      // headers: true, so admitted answers show the count too (the default sends them on 429s only).
      rateLimit: { requests: 100, window: 60_000, trustProxy: true, headers: true },
      exclude: ['/health'],
    });
  });
  afterAll(() => t.close());

  it('answers the 101st request in the window with 429 and the RateLimit headers', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 1; i <= 100; i++) {
      const res = await fetch(`${t.url}/api/items/${i}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('100');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(100 - i));
      await res.arrayBuffer();
    }
    const res = await fetch(`${t.url}/api/items/101`, { headers });
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    const reset = Number(res.headers.get('ratelimit-reset'));
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    expect(retryAfter).toBe(reset);
    expect(await res.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', name: 'RateLimitedError' });
    expect(t.probe.count('items')).toBe(100); // the handler never saw the 101st
    // Another client is counted apart.
    expect((await fetch(`${t.url}/api/items/1`, { headers: { 'x-forwarded-for': '203.0.113.8' } })).status).toBe(200);
  });

  it('gives @RateLimit routes their own limit', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.1' };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${t.url}/api/limited`, { headers })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(t.probe.count('limited')).toBe(2);
  });

  it('excludes by exact template or segment prefix, never by accident', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.2' };
    const first = await fetch(`${t.url}/health`, { headers });
    expect(first.headers.get('ratelimit-limit')).toBeNull();
    expect((await fetch(`${t.url}/health/live`, { headers })).headers.get('ratelimit-limit')).toBeNull();
    expect((await fetch(`${t.url}/healthcheck-admin`, { headers })).headers.get('ratelimit-limit')).toBe('100');
  });

  it('skips routes marked @SkipResilience()', async () => {
    const res = await fetch(`${t.url}/api/free`, { headers: { 'x-forwarded-for': '198.51.100.3' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });

  it('falls back to the socket address for an invalid X-Forwarded-For, without failing', async () => {
    for (const xff of ['not-an-ip', '999.1.1.1, ::zz', ',,,', 'x'.repeat(4000)]) {
      const res = await fetch(`${t.url}/api/items/x`, { headers: { 'x-forwarded-for': xff } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // All four were counted under one key: the socket address.
    const res = await fetch(`${t.url}/api/items/x`, { headers: { 'x-forwarded-for': 'garbage' } });
    expect(res.headers.get('ratelimit-remaining')).toBe('95');
  });
});

describe.each(ADAPTERS)('HTTP rate limit headers by default (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(adapter, { timeout: 5_000, rateLimit: { requests: 2, window: 60_000 } });
  });
  afterAll(() => t.close());

  it('leaves them off admitted answers and puts all of them, with Retry-After, on the 429', async () => {
    for (let i = 0; i < 2; i++) {
      const ok = await fetch(`${t.url}/api/items/${i}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBeNull();
      expect(ok.headers.get('ratelimit-remaining')).toBeNull();
      await ok.arrayBuffer();
    }
    const res = await fetch(`${t.url}/api/items/3`);
    expect(res.status).toBe(429);
    expect(res.headers.get('ratelimit-limit')).toBe('2');
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await res.arrayBuffer();
  });
});
