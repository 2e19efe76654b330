/**
 * The benchmark harness: every suite measures us and the peers in the same process and run,
 * and reports rows that the runner prints as one table with ratios and targets.
 */
export interface BenchRow {
  suite: string;
  name: string;
  /** The measured value, in `unit`. */
  value: number;
  unit: 'ns/op' | 'ops/s' | 'req/s' | 'µs/req' | 'ms' | 'MB' | 'count' | '%';
  /** Ratio to the suite's baseline, printed as `1.42x`. */
  ratio?: number;
  /** What the ratio or value must satisfy, in words (e.g. `<= 1.6x raw`). */
  target?: string;
  /** Whether the target is met; undefined when there is no target. */
  pass?: boolean;
}

export interface BenchSuite {
  name: string;
  /** Runs the suite and returns its rows. Suites that need servers start and stop them here. */
  run(): Promise<BenchRow[]>;
}

export interface MeasureOptions {
  /** Calls per round. */
  iterations?: number;
  /** Rounds after warm-up; the median is reported. */
  rounds?: number;
  /** Warm-up rounds, not reported. */
  warmupRounds?: number;
}

/** Median ns/op of an async (or sync) operation, awaited one after another. */
export async function measureNsPerOp(fn: () => unknown, opts: MeasureOptions = {}): Promise<number> {
  const iterations = opts.iterations ?? 200_000;
  const rounds = opts.rounds ?? 7;
  const warmup = opts.warmupRounds ?? 3;
  const samples: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    const ns = Number(process.hrtime.bigint() - start) / iterations;
    if (r >= warmup) samples.push(ns);
  }
  return median(samples);
}

/**
 * Measures several operations in interleaved rounds (A, B, C, A, B, C, ...) so that drift in
 * machine load affects all of them alike, and returns the median ns/op of each.
 */
export async function measureInterleaved(ops: Record<string, () => unknown>, opts: MeasureOptions = {}): Promise<Record<string, number>> {
  const iterations = opts.iterations ?? 200_000;
  const rounds = opts.rounds ?? 7;
  const warmup = opts.warmupRounds ?? 3;
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(ops)) samples[name] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [name, fn] of Object.entries(ops)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await fn();
      const ns = Number(process.hrtime.bigint() - start) / iterations;
      if (r >= warmup) samples[name].push(ns);
    }
  }
  const result: Record<string, number> = {};
  for (const [name, s] of Object.entries(samples)) result[name] = median(s);
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A row with a ratio against a baseline and an upper-bound target on that ratio. */
export function ratioRow(suite: string, name: string, value: number, baseline: number, maxRatio?: number, baselineName = 'raw'): BenchRow {
  const ratio = value / baseline;
  return {
    suite,
    name,
    value,
    unit: 'ns/op',
    ratio,
    target: maxRatio === undefined ? undefined : `<= ${maxRatio}x ${baselineName}`,
    pass: maxRatio === undefined ? undefined : ratio <= maxRatio,
  };
}

/** Prints rows as one Markdown table: value with unit, ratio, target and whether it was met. */
export function printTable(rows: BenchRow[]): void {
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
