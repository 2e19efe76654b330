/**
 * `npm run bench [-- name-filter]`: runs every suite in bench/suites (each exports `suite`),
 * prints one table with ns/op (or ops/s), ratios against the baselines measured in the same run,
 * and the targets, and exits non-zero only on a crash (targets are reported, not asserted).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import type { BenchRow, BenchSuite } from './harness.js';

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

function printTable(rows: BenchRow[]): void {
  const lines = rows.map((r) => [
    r.name,
    `${formatValue(r.value)} ${r.unit}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'ok' : 'MISSED',
  ]);
  const header = ['case', 'value', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cols: string[]): string => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

function formatValue(v: number): string {
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(v >= 100 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
