/** SIGTERM with a request in flight: the request completes, the process stops its own redis-server and exits 0. */
import { jest } from '@jest/globals';
import { ADMIN_TOKEN, call, ensureBuilt, startExampleApp } from './example-app.js';

jest.setTimeout(60_000);

beforeAll(() => ensureBuilt(), 240_000);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('finishes the in-flight request, stops the embedded Redis and exits 0', async () => {
  const app = await startExampleApp();
  const redisPid = Number(/redis-server at \S+ \(pid (\d+)\)/.exec(app.output.join('\n'))?.[1]);
  expect(isAlive(redisPid)).toBe(true);
  // The upstream answers after 1.5 s, so the request is still running when SIGTERM arrives.
  await call(`${app.url}/admin/upstream`, { method: 'POST', token: ADMIN_TOKEN, json: { latencyMs: 1_500 } });
  const inFlight = call(`${app.url}/api/external-data`);
  // Wait until the request holds a connection of the upstream pool.
  while ((await call(`${app.url}/health/detailed`)).body.pools.external_api.active < 1);
  app.child.kill('SIGTERM');
  await app.waitForLine(/SIGTERM received/);

  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.body.source).toBe('upstream');
  expect(await app.exited).toBe(0);
  expect(app.output.join('\n')).toMatch(/\[example\] stopped/);
  expect(isAlive(redisPid)).toBe(false);
  // Nothing listens any more.
  await expect(fetch(`${app.url}/health/live`)).rejects.toThrow();
});
