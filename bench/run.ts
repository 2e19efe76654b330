/**
 * `npm run bench [-- name-filter]`: runs every suite in bench/suites (each exports `suite`),
 * prints one table with ns/op (or ops/s), ratios against the baselines measured in the same run,
 * and the targets, and exits non-zero only on a crash (targets are reported, not asserted).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { printTable, type BenchRow, type BenchSuite } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

async function main(): Promise<void> {
  const files = readdirSync(join(here, 'suites'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .sort();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`# nest-resilience benchmarks — Node ${process.version}, ${os.cpus().length} x ${cpu}, ${new Date().toISOString()}`);
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, 'suites', file)).href)) as { suite?: BenchSuite };
    const suite = mod.suite;
    if (!suite || (filter && !suite.name.includes(filter) && !file.includes(filter))) continue;
    console.log(`\n## ${suite.name}`);
    const suiteRows = await suite.run();
    printTable(suiteRows);
    rows.push(...suiteRows);
  }
  const withTargets = rows.filter((r) => r.pass !== undefined);
  const met = withTargets.filter((r) => r.pass).length;
  console.log(`\ntargets met: ${met}/${withTargets.length}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
