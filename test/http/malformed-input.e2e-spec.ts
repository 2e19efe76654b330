import { request as httpRequest } from 'node:http';
import { ADAPTERS, startTestApp, type TestApp } from './http-test-app.js';

/** A raw request, so nothing on the client side trims or rejects what we send. */
function raw(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe.each(ADAPTERS)('malformed input never crashes or answers 5xx (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      adapter,
      { rateLimit: { requests: 1_000, window: 60_000, trustProxy: true }, bulkhead: { maxConcurrent: 10 } },
      1024,
    );
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json' };

  it('answers a bad JSON body with a 400 JSON', async () => {
    const res = await raw(t.url, '/api/echo', { method: 'POST', headers: json, body: '{"value": ' });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400 });
  });

  it('answers an oversized body with a 413 JSON', async () => {
    const res = await raw(t.url, '/api/echo', { method: 'POST', headers: json, body: JSON.stringify({ value: 'x'.repeat(10_000) }) });
    expect(res.status).toBe(413);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 413 });
  });

  it('answers very long URLs with a 4xx JSON', async () => {
    for (const length of [4_000, 12_000, 70_000]) {
      const res = await raw(t.url, `/api/items/${'a'.repeat(length)}`);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
      expect(res.type).toContain('application/json');
      JSON.parse(res.body);
    }
  });

  it('ignores invalid X-Forwarded-For values', async () => {
    for (const xff of ['', '1.2.3', '::ffff:zz', '\u00e9\u00e9', '1.1.1.1,,,,', '[::1]:80']) {
      const res = await raw(t.url, '/api/items/1', { headers: { 'x-forwarded-for': xff } });
      expect(res.status).toBe(200);
    }
  });

  it('is still serving afterwards', async () => {
    expect((await raw(t.url, '/api/items/ok')).status).toBe(200);
  });
});
