/**
 * Every threshold and resilience expectation of a scenario, judged from what the load generator saw
 * (the request timeline) and what the service said about itself (the samples). Each check says what
 * was expected and what was measured, so a failure explains itself.
 */
import type { Expectation, Scenario } from '../scenarios/scenario-types.js';
import type { FaultRecord } from './fault-injector.js';
import { median, percentile } from './percentiles.js';
import { summarize, type LoadSummary, type RequestTimeline } from './request-timeline.js';
import type { ServiceSample } from './service-sample.js';

export interface CheckResult {
  name: string;
  kind: 'threshold' | 'expectation';
  passed: boolean;
  expected: string;
  actual: string;
}

export interface CheckInput {
  scenario: Scenario;
  summary: LoadSummary;
  timeline: RequestTimeline;
  samples: readonly ServiceSample[];
  faults: readonly FaultRecord[];
  /** Epoch ms when the run's clock read 0. */
  startedAtMs: number;
  /** Seconds the load actually ran. */
  ranS: number;
  /** The sampling interval: a state seen at one sample may have changed up to this long before. */
  sampleIntervalS: number;
}

const ms = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} ms`);
const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const s = (v: number): string => `${v.toFixed(1)} s`;
const mb = (v: number): string => `${(v / 1024 / 1024).toFixed(1)} MiB`;

export function evaluateChecks(input: CheckInput): CheckResult[] {
  const { scenario, summary } = input;
  const t = scenario.thresholds;
  const results: CheckResult[] = [
    threshold(
      'error rate',
      summary.errorRate <= t.maxErrorRate,
      `<= ${pct(t.maxErrorRate)}`,
      `${pct(summary.errorRate)} (${summary.errors} of ${summary.requests})`,
    ),
    threshold('p95 latency', summary.p95Ms !== null && summary.p95Ms <= t.p95Ms, `<= ${t.p95Ms} ms`, ms(summary.p95Ms)),
    threshold('p99 latency', summary.p99Ms !== null && summary.p99Ms <= t.p99Ms, `<= ${t.p99Ms} ms`, ms(summary.p99Ms)),
    threshold(
      'throughput',
      summary.throughputRps >= t.minThroughputRps,
      `>= ${t.minThroughputRps} req/s`,
      `${summary.throughputRps.toFixed(1)} req/s`,
    ),
  ];
  for (const x of scenario.expectations) results.push(expectation(x, input));
  return results;
}

function threshold(name: string, passed: boolean, expected: string, actual: string): CheckResult {
  return { name, kind: 'threshold', passed, expected, actual };
}

function result(name: string, passed: boolean, expected: string, actual: string): CheckResult {
  return { name, kind: 'expectation', passed, expected, actual };
}

function faultTime(input: CheckInput, id: string): number | null {
  return input.faults.find((f) => f.id === id && f.outcome === 'done')?.atS ?? null;
}

function faultMissing(name: string, expected: string, input: CheckInput, id: string): CheckResult {
  const record = input.faults.find((f) => f.id === id);
  return result(
    name,
    false,
    expected,
    record ? `fault ${id} ${record.outcome}: ${record.detail}` : `fault ${id} never happened (run ended at ${s(input.ranS)})`,
  );
}

const isOpen = (state: string | undefined): boolean => state === 'open' || state === 'forced_open';

function expectation(x: Expectation, input: CheckInput): CheckResult {
  const { samples } = input;
  switch (x.kind) {
    case 'breaker-opens': {
      const name = `breaker ${x.breaker} opens after ${x.afterFault}`;
      const expected = `open within ${s(x.withinMs / 1000)}`;
      const tf = faultTime(input, x.afterFault);
      if (tf === null) return faultMissing(name, expected, input, x.afterFault);
      const seen = samples.find((p) => p.t >= tf && isOpen(p.breakers[x.breaker]?.state));
      if (seen === undefined) return result(name, false, expected, 'never seen open');
      // The service's own openedAt is exact; the sample time is the fallback.
      const openedAtMs = seen.breakers[x.breaker]!.openedAtMs;
      const at =
        openedAtMs !== null && openedAtMs >= input.startedAtMs + tf * 1000 - 1000 ? (openedAtMs - input.startedAtMs) / 1000 : seen.t;
      const after = Math.max(0, at - tf);
      return result(name, after * 1000 <= x.withinMs, expected, `opened ${s(after)} after the fault`);
    }
    case 'breaker-closes': {
      const name = `breaker ${x.breaker} closes after ${x.afterFault}`;
      const tf = faultTime(input, x.afterFault);
      const openFor = samples.reduce<number | null>((m, p) => {
        const v = p.breakers[x.breaker]?.openForMs ?? null;
        return v === null ? m : Math.max(m ?? 0, v);
      }, null);
      const within = typeof x.withinMs === 'number' ? x.withinMs : openFor === null ? null : openFor + x.withinMs.recoveryTimeoutPlusMs;
      const expected =
        typeof x.withinMs === 'number'
          ? `closed within ${s(x.withinMs / 1000)}`
          : `closed within recovery timeout + ${s(x.withinMs.recoveryTimeoutPlusMs / 1000)}`;
      if (tf === null) return faultMissing(name, expected, input, x.afterFault);
      const wasOpen = samples.some(
        (p) => p.t <= tf + input.sampleIntervalS && p.breakers[x.breaker]?.state !== undefined && p.breakers[x.breaker]!.state !== 'closed',
      );
      if (!wasOpen) return result(name, false, expected, 'the breaker was never seen open or half-open before the fault ended');
      if (within === null) return result(name, false, expected, 'the recovery timeout is unknown (never seen open)');
      const closed = samples.find((p) => p.t >= tf && p.breakers[x.breaker]?.state === 'closed');
      const limit = `${expected} = ${s(within / 1000)}`;
      if (closed === undefined)
        return result(name, false, limit, `still ${samples.at(-1)?.breakers[x.breaker]?.state ?? 'unknown'} at the end of the run`);
      // A sample shows the state reached up to one interval earlier.
      const after = Math.max(0, closed.t - tf - input.sampleIntervalS);
      return result(
        name,
        after * 1000 <= within,
        limit,
        `closed by ${s(closed.t - tf)} after the fault (sampled every ${s(input.sampleIntervalS)})`,
      );
    }
    case 'bulkhead-limit': {
      const name = `bulkhead ${x.bulkhead} holds its limit${x.mustReject ? ' and rejects the excess' : ''}`;
      const readings = samples.map((p) => p.bulkheads[x.bulkhead]).filter((b) => b !== undefined);
      const expected = `active <= ${x.maxActive}${x.mustReject ? ', rejected > 0' : ''}`;
      if (readings.length === 0) return result(name, false, expected, 'bulkhead not reported by the service');
      const maxActive = Math.max(...readings.map((b) => b.active));
      const configured = readings.find((b) => b.maxConcurrent !== null)?.maxConcurrent ?? null;
      const rejected = readings.at(-1)!.rejected - readings[0]!.rejected;
      const passed = maxActive <= x.maxActive && (configured === null || configured <= x.maxActive) && (!x.mustReject || rejected > 0);
      return result(
        name,
        passed,
        expected,
        `max active seen ${maxActive} (limit ${configured ?? 'unknown'}), rejected ${rejected} during the run`,
      );
    }
    case 'fallback-served': {
      const name = `${x.endpoint} answers fallbacks between ${x.fromFault} and ${x.toFault}`;
      const expected = `>= ${x.min} fallback answers`;
      const from = faultTime(input, x.fromFault);
      if (from === null) return faultMissing(name, expected, input, x.fromFault);
      const to = faultTime(input, x.toFault) ?? input.ranS;
      const count = input.timeline.between(Math.floor(from), Math.ceil(to)).reduce((n, b) => n + b.fallbacks, 0);
      return result(name, count >= x.min, expected, `${count} fallback answers`);
    }
    case 'pools-recover': {
      const name = `no pool stays down after ${x.afterFault}`;
      const expected = `every pool up or degraded from ${s(x.withinMs / 1000)} after the fault`;
      const tf = faultTime(input, x.afterFault);
      if (tf === null) return faultMissing(name, expected, input, x.afterFault);
      const later = samples.filter((p) => p.t >= tf + x.withinMs / 1000);
      if (later.length === 0) return result(name, false, expected, `the run ended ${s(input.ranS - tf)} after the fault: too soon to tell`);
      const down = later.flatMap((p) =>
        Object.entries(p.pools)
          .filter(([, pool]) => pool.status === 'down')
          .map(([n]) => `${n} at ${s(p.t)}`),
      );
      return result(
        name,
        down.length === 0,
        expected,
        down.length === 0 ? `${later.length} samples, none down` : `down: ${down.slice(0, 3).join(', ')}`,
      );
    }
    case 'healthy-at-end': {
      const name = `health not ${x.notStatus} at the end`;
      const last = [...samples].reverse().find((p) => p.status !== 'unreachable');
      const status = last?.status ?? 'unreachable';
      return result(name, last !== undefined && status !== x.notStatus, `status other than ${x.notStatus}`, status);
    }
    case 'recovers-after-load': {
      const name = `recovers: error rate in the last ${Math.round(x.lastShare * 100)}% of the run`;
      const from = input.scenario.durationS * (1 - x.lastShare);
      const tail = summarize(input.timeline.between(from, Infinity), Math.max(0, input.ranS - from));
      return result(
        name,
        tail.requests > 0 && tail.errorRate <= x.maxErrorRate,
        `<= ${pct(x.maxErrorRate)} with answers`,
        `${pct(tail.errorRate)} of ${tail.requests}`,
      );
    }
    case 'memory-growth': {
      const name = `${x.metric === 'heap' ? 'heap' : 'RSS'} growth (first vs last quarter)`;
      const expected = `<= ${x.maxGrowthPercent}% or <= ${mb(x.minGrowthBytes)}`;
      const read = (p: ServiceSample) => (x.metric === 'heap' ? p.heapUsedBytes : p.rssBytes);
      const [first, last] = quarters(
        samples.filter((p) => read(p) !== null),
        input.ranS,
      );
      const a = median(first.map((p) => read(p)!));
      const b = median(last.map((p) => read(p)!));
      if (a === null || b === null) return result(name, false, expected, 'too few memory samples');
      const growth = b - a;
      const percent = (growth / a) * 100;
      return result(
        name,
        growth <= x.minGrowthBytes || percent <= x.maxGrowthPercent,
        expected,
        `${mb(a)} -> ${mb(b)} (${percent.toFixed(1)}%)`,
      );
    }
    case 'latency-drift': {
      const name = 'p95 drift (first vs last quarter)';
      const expected = `<= +${x.maxIncreasePercent}% or <= +${x.minIncreaseMs} ms`;
      const quarter = input.ranS / 4;
      const a = percentile(
        input.timeline.between(0, quarter).flatMap((b) => b.latenciesMs),
        95,
      );
      const b = percentile(
        input.timeline.between(input.ranS - quarter, Infinity).flatMap((bk) => bk.latenciesMs),
        95,
      );
      if (a === null || b === null) return result(name, false, expected, 'too few answers in a quarter');
      const increase = b - a;
      const percent = a === 0 ? 0 : (increase / a) * 100;
      return result(
        name,
        increase <= x.minIncreaseMs || percent <= x.maxIncreasePercent,
        expected,
        `${ms(a)} -> ${ms(b)} (${percent.toFixed(1)}%)`,
      );
    }
  }
}

/** Samples of the first and the last quarter of the run, by time. */
function quarters(samples: readonly ServiceSample[], ranS: number): [ServiceSample[], ServiceSample[]] {
  const quarter = ranS / 4;
  return [samples.filter((p) => p.t < quarter), samples.filter((p) => p.t >= ranS - quarter)];
}
