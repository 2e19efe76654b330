/**
 * Short versions of every load scenario (seconds, a few users) against the BUILT example service
 * the runner starts itself; a deliberately broken service (external_api breaker that never trips)
 * makes the chaos scenario fail; the HTML report renders its charts in headless Chromium; Ctrl-C
 * writes a partial report. Needs `npm run build` (done here when dist is missing) and redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { EXAMPLE_MAIN } from '../../load/runner/example-service.js';
import { runScenario, type ScenarioRun } from '../../load/runner/run-scenario.js';
import type { ScenarioResult } from '../../load/runner/scenario-result.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let outputDir: string;

beforeAll(() => {
  outputDir = mkdtempSync(join(tmpdir(), 'load-e2e-'));
  if (!existsSync(EXAMPLE_MAIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
}, 120_000);

afterAll(() => {
  rmSync(outputDir, { recursive: true, force: true });
});

/** The failed checks, so a failing run says why in the test output. */
const failed = (r: ScenarioResult): string[] =>
  r.checks.filter((c) => !c.passed).map((c) => `${c.name}: expected ${c.expected}, measured ${c.actual}`);

const SHORT: Record<string, Record<string, string>> = {
  basic: { LOAD_TEST_DURATION: '6s', LOAD_TEST_MAX_USERS: '3' },
  spike: { LOAD_TEST_DURATION: '8s', LOAD_TEST_MAX_USERS: '20' },
  endurance: { LOAD_TEST_DURATION: '8s', LOAD_TEST_MAX_USERS: '3' },
  // Long enough for the whole cycle: open, recovery timeout (3 s in its YAML override), close, Redis out and back.
  chaos: { LOAD_TEST_DURATION: '20s', LOAD_TEST_MAX_USERS: '4' },
};

const runs = new Map<string, ScenarioRun>();

describe('short scenarios pass their thresholds and expectations', () => {
  it.each(Object.keys(SHORT))(
    '%s',
    async (name) => {
      const run = await runScenario({ name, env: SHORT[name]!, outputDir: join(outputDir, name) });
      runs.set(name, run);
      const r = run.result;
      expect(failed(r)).toEqual([]);
      expect(r.passed).toBe(true);
      expect(r.summary.requests).toBeGreaterThan(10);
      // Sampled every second through the run (plus one last reading).
      expect(r.samples.length).toBeGreaterThanOrEqual(Math.floor(r.ranS));
      expect(JSON.parse(readFileSync(run.jsonFile, 'utf8'))).toMatchObject({ passed: true, scenario: { name } });
    },
    90_000,
  );

  it('chaos injected every fault at its time and saw the breaker open and close', () => {
    const r = runs.get('chaos')!.result;
    expect(r.faults.map((f) => [f.id, f.outcome])).toEqual([
      ['upstream-fails', 'done'],
      ['upstream-heals', 'done'],
      ['redis-stops', 'done'],
      ['redis-starts', 'done'],
    ]);
    for (const f of r.faults) expect(Math.abs(f.atS! - f.plannedAtS)).toBeLessThan(1);
    const states = new Set(r.samples.map((p) => p.breakers.external_api?.state));
    expect(states).toContain('open');
    expect(r.samples.at(-1)!.breakers.external_api!.state).toBe('closed');
  });
});

describe('validation can fail', () => {
  it('fails the chaos scenario against a service whose external_api breaker never trips', async () => {
    const run = await runScenario({
      name: 'chaos',
      env: SHORT.chaos!,
      outputDir: join(outputDir, 'broken'),
      serviceOverrides: { circuit_breakers: { external_api: { failure_threshold: 1_000_000 } } },
    });
    const r = run.result;
    expect(r.passed).toBe(false);
    expect(r.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'breaker external_api opens after upstream-fails',
      'breaker external_api closes after upstream-heals',
    ]);
    expect(r.checks.find((c) => c.name.startsWith('breaker external_api opens'))!.actual).toBe('never seen open');
    expect(readFileSync(run.htmlFile, 'utf8')).toContain('<span class="verdict FAILED">FAILED</span>');
  }, 90_000);
});

describe('HTML report', () => {
  it('renders every chart with data in headless Chromium, fault markers included', async () => {
    const run = runs.get('chaos');
    expect(run).toBeDefined();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${run!.htmlFile}`);
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => ({
          id: svg.id,
          width: svg.getBoundingClientRect().width,
          lines: [...svg.querySelectorAll('polyline.series')].map((p) => ({
            series: p.getAttribute('data-series'),
            points: (p.getAttribute('points') ?? '').trim().split(/\s+/).length,
            length: (p as unknown as { getTotalLength(): number }).getTotalLength(),
          })),
          markers: [...svg.querySelectorAll('.marker text')].map((t) => t.textContent),
        })),
      );
      expect(charts.map((c) => c.id)).toEqual(['throughput', 'latency', 'error-rate', 'breakers', 'bulkheads', 'pools', 'memory']);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.markers).toEqual(['upstream-fails', 'upstream-heals', 'redis-stops', 'redis-starts']);
        // Every chart drew at least one line with many points and a visible length.
        expect(chart.lines.some((l) => l.points > 5 && l.length > 50)).toBe(true);
      }
      const breakerSeries = charts.find((c) => c.id === 'breakers')!.lines.map((l) => l.series);
      expect(breakerSeries).toContain('external_api');
      expect(await page.$$eval('#checks tbody tr', (rows) => rows.length)).toBe(run!.result.checks.length);
      expect(await page.textContent('h1')).toContain('PASSED');
      // Self-contained: nothing but the file itself was loaded.
      expect(requests).toEqual([`file://${run!.htmlFile}`]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('Ctrl-C', () => {
  it('stops the run cleanly, writes the partial report and exits 130', async () => {
    const out = join(outputDir, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', 'load/runner/main.ts', 'basic'], {
      cwd: ROOT,
      env: { ...process.env, LOAD_TEST_DURATION: '120', LOAD_TEST_MAX_USERS: '2', LOAD_TEST_OUTPUT_DIR: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/users against http/.test(output)) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => reject(new Error(`the runner exited early:\n${output}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output).toMatch(/scenario basic: INTERRUPTED/);
    const result = JSON.parse(readFileSync(join(out, 'basic.json'), 'utf8')) as ScenarioResult;
    expect(result.interrupted).toBe(true);
    expect(result.passed).toBe(false);
    expect(result.ranS).toBeLessThan(60);
    expect(readFileSync(join(out, 'basic.html'), 'utf8')).toContain('INTERRUPTED');
    expect(JSON.parse(readFileSync(join(out, 'suite.json'), 'utf8'))).toMatchObject({ interrupted: true, passed: false });
  }, 60_000);
});
