import { RouteResilienceRegistry } from '../../libs/resilience/src/http/route-resilience.registry.js';
import { ADAPTERS, startTestApp, type TestApp } from './http-test-app.js';

describe.each(ADAPTERS)('HTTP timeout, route breaker and library errors (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(adapter, {
      timeout: 150,
      rateLimit: false,
      circuitBreaker: { failureThreshold: 3, recoveryTimeout: 60_000 },
      bulkhead: { maxConcurrent: 50, maxQueue: 10 },
    });
  });
  afterAll(() => t.close());

  it('answers 504 at the deadline and aborts the signal the handler holds', async () => {
    const res = await fetch(`${t.url}/api/slow`);
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ statusCode: 504, error: 'Gateway Timeout', name: 'TimeoutError' });
    expect(t.probe.signalAborted).toBe(true);
  });

  it('opens the route breaker after a burst of 5xx, then answers 503 without reaching the handler', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${t.url}/api/fail`)).status).toBe(500);
    expect(t.probe.count('fail')).toBe(3);
    const res = await fetch(`${t.url}/api/fail`);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(await res.json()).toMatchObject({
      statusCode: 503,
      name: 'CircuitOpenError',
      message: expect.stringContaining('route:GET /api/fail'),
    });
    expect(t.probe.count('fail')).toBe(3);
    // One breaker per route template: other routes are untouched.
    expect((await fetch(`${t.url}/api/items/1`)).status).toBe(200);
  });

  it('does not count 4xx answers as breaker failures', async () => {
    for (let i = 0; i < 6; i++) expect((await fetch(`${t.url}/api/bad`)).status).toBe(400);
    expect(t.probe.count('bad')).toBe(6);
  });

  it.each([
    ['circuit', 503, 'CircuitOpenError', '13'],
    ['bulkhead', 503, 'BulkheadFullError', null],
    ['timeout', 504, 'TimeoutError', null],
    ['rate', 429, 'RateLimitedError', '2'],
    ['config', 500, 'ResilienceConfigError', null],
  ])('maps a %s error thrown by a service to %i', async (kind, status, name, retryAfter) => {
    const res = await fetch(`${t.url}/api/service/${kind}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe(retryAfter);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: status, name });
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'name', 'statusCode']);
    expect(JSON.stringify(body)).not.toContain('secret detail');
  });

  it('does not open the route breaker for load shedding by a downstream policy', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${t.url}/api/service/circuit`)).status).toBe(503);
      expect((await fetch(`${t.url}/api/service/bulkhead`)).status).toBe(503);
    }
    const res = await fetch(`${t.url}/api/service/rate`);
    expect(res.status).toBe(429);
  });
});

describe.each(ADAPTERS)('HTTP bulkhead (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(adapter, { timeout: 10_000, rateLimit: false, bulkhead: { maxConcurrent: 2, maxQueue: 1 } });
  });
  afterAll(() => t.close());

  it('rejects with 503 while full and lets the admitted calls finish', async () => {
    const held = [fetch(`${t.url}/api/hold`), fetch(`${t.url}/api/hold`)];
    await t.probe.whenHeld(2);
    const queued = fetch(`${t.url}/api/hold`);
    // The queue has one place: wait (tick by tick, no timer) until the third request holds it.
    const bulkhead = t.app.get(RouteResilienceRegistry).httpBulkhead!;
    while (bulkhead.snapshot().queued < 1) await new Promise((resolve) => setImmediate(resolve));
    let rejected = await fetch(`${t.url}/api/items/1`);
    expect(rejected.status).toBe(503);
    expect(await rejected.json()).toMatchObject({ statusCode: 503, name: 'BulkheadFullError' });
    rejected = await fetch(`${t.url}/api/items/2`);
    expect(rejected.status).toBe(503);
    expect(t.probe.count('items')).toBe(0);
    t.probe.release();
    const answers = await Promise.all(held);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await t.probe.whenHeld(3); // the queued call got a slot
    t.probe.release();
    expect((await queued).status).toBe(200);
    expect((await fetch(`${t.url}/api/items/3`)).status).toBe(200);
  });
});

describe.each(ADAPTERS)('HTTP bulkhead answering 429 (%s)', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(adapter, {
      rateLimit: false,
      bulkhead: { maxConcurrent: 1, maxQueue: 0, rejectStatus: 429 },
      exceptionFilter: false,
    });
  });
  afterAll(() => t.close());

  it('uses the configured status, also without the exception filter', async () => {
    const held = fetch(`${t.url}/api/hold`);
    await t.probe.whenHeld(1);
    const res = await fetch(`${t.url}/api/items/1`);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ statusCode: 429, name: 'BulkheadFullError' });
    t.probe.release();
    expect((await held).status).toBe(200);
  });
});
