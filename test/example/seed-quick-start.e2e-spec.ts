/** The seed's Quick Start curl commands, verbatim (seed-quick-start.sh), against the built app with the shipped config. */
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { ensureBuilt, startExampleApp, type ExampleApp } from './example-app.js';
import { runShell } from './shell-runner.js';

jest.setTimeout(60_000);

let app: ExampleApp;

beforeAll(async () => {
  ensureBuilt();
  app = await startExampleApp();
}, 240_000);

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
});

it('runs every Quick Start command with the answers the README promises', async () => {
  const script = readFileSync(new URL('./seed-quick-start.sh', import.meta.url), 'utf8');
  const { code, stdout, stderr } = await runShell(script, Number(new URL(app.url).port));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.split('\n');
  expect(JSON.parse(lines[0])).toEqual({ status: 'up' });
  expect(JSON.parse(lines[1])).toMatchObject({ status: 'up', pools: { main_cache: { status: 'up' }, external_api: { status: 'up' } } });
  expect(JSON.parse(lines[2])).toMatchObject({ source: 'upstream' });
  expect(JSON.parse(lines[3])).toEqual({ key: 'test', value: 'hello', ttl: null, stored: true });
  expect(JSON.parse(lines[4])).toEqual({ key: 'test', value: 'hello' });
  expect(JSON.parse(lines[5])).toMatchObject({ n: 100000, primes: 9592 });
  // The error-prone loop: failures first, then the breaker is open (503) for the rest of the 10.
  const loop = lines.slice(6, 16).map((l) => JSON.parse(l) as { statusCode?: number; name?: string });
  expect(loop.slice(0, 3).map((a) => a.statusCode)).toEqual([500, 500, 500]);
  expect(loop.slice(3).every((a) => a.statusCode === 503 && a.name === 'CircuitOpenError')).toBe(true);
  expect(stdout).toMatch(/^circuit_breaker_state\{name="error_prone"\} 1$/m);
});
