/** The pass/fail table printed at the end of a scenario. */
import type { ScenarioResult } from './scenario-result.js';

export function formatResultTable(r: ScenarioResult): string {
  const rows = r.checks.map((c) => [c.passed ? 'PASS' : 'FAIL', c.name, c.expected, c.actual]);
  const header = ['', 'check', 'expected', 'measured'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const verdict = r.interrupted ? 'INTERRUPTED' : r.passed ? 'PASSED' : 'FAILED';
  return [
    `scenario ${r.scenario.name}: ${verdict} (${r.ranS.toFixed(1)} s, ${r.summary.requests} requests)`,
    line(header),
    ...rows.map(line),
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
