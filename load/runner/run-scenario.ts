/**
 * Runs one scenario end to end: starts the example service (unless given a URL), drives the users,
 * samples the service every second, injects the faults, then checks everything and writes the JSON
 * result and the HTML report. An abort (Ctrl-C) ends the load early and still writes the partial report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveScenario } from '../scenarios/index.js';
import { evaluateChecks } from './checks.js';
import { startExampleService, type ExampleService } from './example-service.js';
import { FaultInjector } from './fault-injector.js';
import { renderHtmlReport } from './html-report.js';
import { LoadDriver } from './load-driver.js';
import { RequestTimeline } from './request-timeline.js';
import type { ScenarioResult } from './scenario-result.js';
import { scenarioOverrides, writeServiceConfig } from './service-config.js';
import { ServiceSampler } from './service-sampler.js';

export interface RunScenarioOptions {
  name: string;
  /** LOAD_TEST_MAX_USERS and LOAD_TEST_DURATION are read from here. */
  env: Record<string, string | undefined>;
  outputDir: string;
  /** A running service to test; by default the runner starts the built example service. */
  baseUrl?: string;
  /** The admin token of a service given by URL (chaos needs it). */
  adminToken?: string;
  /** More YAML overrides (snake_case under `resilience:`) for the service the runner starts. */
  serviceOverrides?: Record<string, unknown>;
  signal?: AbortSignal;
  log?: (line: string) => void;
  sampleIntervalMs?: number;
}

export interface ScenarioRun {
  result: ScenarioResult;
  jsonFile: string;
  htmlFile: string;
}

export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRun> {
  const scenario = resolveScenario(options.name, options.env);
  const log = options.log ?? (() => undefined);
  mkdirSync(options.outputDir, { recursive: true });
  const notes: string[] = [];
  let service: ExampleService | undefined;
  let configFile: string | null = null;
  let baseUrl = options.baseUrl?.replace(/\/+$/, '');
  let adminToken = options.adminToken;

  if (baseUrl === undefined) {
    configFile = join(options.outputDir, `${scenario.name}-service.yaml`);
    writeServiceConfig(configFile, scenarioOverrides(scenario, options.serviceOverrides));
    log(`${scenario.name}: starting the example service (config ${configFile})`);
    service = await startExampleService({ configFile, logFile: join(options.outputDir, `${scenario.name}-service.log`) });
    baseUrl = service.baseUrl;
    adminToken = service.adminToken;
  } else {
    if (scenario.rateLimit.mode === 'raise')
      notes.push(`the rate limit could not be raised on ${baseUrl}: raise it there, or expect 429s to count as errors`);
    if (Object.keys(scenario.serviceConfig).length > 0)
      notes.push(`the scenario's service settings were not applied to ${baseUrl}: ${JSON.stringify(scenario.serviceConfig)}`);
  }

  const startedAt = new Date();
  const t0 = performance.now();
  const clock = (): number => (performance.now() - t0) / 1000;
  const sampleIntervalMs = options.sampleIntervalMs ?? 1000;
  const timeline = new RequestTimeline(clock);
  const sampler = new ServiceSampler({ baseUrl, clock, intervalMs: sampleIntervalMs });
  const injector = new FaultInjector({ baseUrl, adminToken, redis: service?.redis, clock });
  const driver = new LoadDriver({ baseUrl, scenario, timeline, clock });
  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    log(`${scenario.name}: interrupted at ${clock().toFixed(1)} s; writing the partial report`);
    driver.stop();
  };
  let ranS = 0;
  try {
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    log(`${scenario.name}: ${scenario.durationS} s, up to ${scenario.maxUsers} users against ${baseUrl}`);
    sampler.start();
    injector.schedule(scenario.faults);
    if (!interrupted) await driver.run();
    ranS = Math.min(clock(), scenario.durationS);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    driver.stop();
    timeline.close();
    await injector.stop();
    await sampler.stop();
    await injector.heal();
    await service?.stop();
  }

  for (const f of injector.records) if (f.outcome !== 'done') notes.push(`fault ${f.id} ${f.outcome}: ${f.detail}`);
  const summary = timeline.summary(ranS);
  const checks = evaluateChecks({
    scenario,
    summary,
    timeline,
    samples: sampler.samples,
    faults: injector.records,
    startedAtMs: startedAt.getTime(),
    ranS,
    sampleIntervalS: sampleIntervalMs / 1000,
  });
  const result: ScenarioResult = {
    scenario,
    target: { baseUrl, startedByRunner: service !== undefined, configFile },
    startedAt: startedAt.toISOString(),
    ranS,
    interrupted,
    passed: !interrupted && checks.every((c) => c.passed),
    peakUsers: driver.peakUsers,
    summary,
    checks,
    faults: injector.records,
    seconds: timeline.seconds(),
    samples: sampler.samples,
    notes,
  };
  const jsonFile = join(options.outputDir, `${scenario.name}.json`);
  const htmlFile = join(options.outputDir, `${scenario.name}.html`);
  writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(htmlFile, renderHtmlReport(result));
  return { result, jsonFile, htmlFile };
}
