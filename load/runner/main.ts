/**
 * `npm run load -- <scenario...|all>`: runs scenarios one after another, prints each pass/fail
 * table, writes <scenario>.json/.html and suite.json to LOAD_TEST_OUTPUT_DIR, and exits 1 when a
 * check failed (130 when interrupted). Ctrl-C ends the current scenario cleanly and still writes
 * its partial report; a second Ctrl-C exits at once.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoadConfigError, resolveScenario } from '../scenarios/index.js';
import { USAGE, parseCliArgs } from './cli-args.js';
import { formatResultTable } from './result-table.js';
import { runScenario } from './run-scenario.js';
import type { SuiteResult } from './scenario-result.js';

const DEFAULT_OUTPUT_DIR = fileURLToPath(new URL('../output/', import.meta.url));

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2), process.env);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  // Bad LOAD_TEST_* values fail here, before anything starts.
  for (const name of args.scenarios) resolveScenario(name, process.env);
  const outputDir = resolve(args.outputDir ?? (process.env.LOAD_TEST_OUTPUT_DIR || DEFAULT_OUTPUT_DIR));
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    console.error('\nstopping (Ctrl-C again to quit at once)...');
    controller.abort();
  });

  const suite: SuiteResult = { startedAt: new Date().toISOString(), passed: true, interrupted: false, scenarios: [] };
  for (const name of args.scenarios) {
    if (controller.signal.aborted) break;
    const run = await runScenario({
      name,
      env: process.env,
      outputDir,
      baseUrl: args.url,
      adminToken: args.adminToken,
      signal: controller.signal,
      log: (line) => console.log(line),
    });
    console.log(`\n${formatResultTable(run.result)}\nreport: ${run.htmlFile}\n`);
    suite.scenarios.push({
      name,
      passed: run.result.passed,
      json: run.jsonFile,
      html: run.htmlFile,
      failedChecks: run.result.checks.filter((c) => !c.passed).map((c) => c.name),
    });
    suite.passed &&= run.result.passed;
    suite.interrupted ||= run.result.interrupted;
  }
  writeFileSync(join(outputDir, 'suite.json'), `${JSON.stringify(suite, null, 2)}\n`);
  console.log(`suite: ${suite.interrupted ? 'INTERRUPTED' : suite.passed ? 'PASSED' : 'FAILED'} (${join(outputDir, 'suite.json')})`);
  return suite.interrupted ? 130 : suite.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof LoadConfigError ? error.message : error);
    process.exit(2);
  },
);
