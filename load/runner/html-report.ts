/**
 * The self-contained HTML report of one scenario: the pass/fail table, the totals, and charts over
 * time (inline SVG, no script, no CDN) of throughput, latency percentiles, error rate, each
 * breaker's state, bulkhead active/queued/rejected, pool status and memory, with every fault
 * marked, so a reader sees at a glance when the breaker opened and how the service recovered.
 */
import { renderChart, type ChartMarker, type ChartSeries } from './svg-chart.js';
import type { ScenarioResult } from './scenario-result.js';
import type { ServiceSample } from './service-sample.js';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const BREAKER_VALUE: Record<string, number> = { closed: 0, disabled: 0, open: 1, forced_open: 1, half_open: 2 };
const POOL_VALUE: Record<string, number> = { up: 0, degraded: 1, down: 2 };

function names(samples: readonly ServiceSample[], key: 'breakers' | 'bulkheads' | 'pools'): string[] {
  return [...new Set(samples.flatMap((p) => Object.keys(p[key])))].sort();
}

export function renderHtmlReport(r: ScenarioResult): string {
  const markers: ChartMarker[] = r.faults.filter((f) => f.atS !== null).map((f) => ({ t: f.atS!, label: f.id }));
  const xMax = Math.max(r.ranS, r.seconds.length, 1);
  const sec = r.seconds;
  const line = (name: string, pick: (s: (typeof sec)[number]) => number | null): ChartSeries => ({
    name,
    points: sec.map((s) => [s.t + 0.5, pick(s)] as const),
  });
  const sampled = (name: string, pick: (p: ServiceSample) => number | null | undefined, step = false): ChartSeries => ({
    name,
    step,
    points: r.samples.map((p) => [p.t, pick(p) ?? null] as const),
  });
  const breakers = names(r.samples, 'breakers');
  const bulkheads = names(r.samples, 'bulkheads');
  const pools = names(r.samples, 'pools');
  const rejectedPerSecond = (name: string): ChartSeries => ({
    name: `${name} rejected/s`,
    points: r.samples.map((p, i) => {
      const prev = r.samples[i - 1]?.bulkheads[name]?.rejected;
      const now = p.bulkheads[name]?.rejected;
      const dt = i === 0 ? 0 : p.t - r.samples[i - 1]!.t;
      return [p.t, prev === undefined || now === undefined || dt <= 0 ? null : (now - prev) / dt] as const;
    }),
  });

  const charts = [
    renderChart({
      id: 'throughput',
      title: 'Throughput (answers per second, by outcome)',
      unit: '',
      xMax,
      markers,
      series: [
        line('total', (s) => s.requestsPerS),
        line('ok', (s) => s.ok),
        line('degraded', (s) => s.degraded),
        line('shed (429)', (s) => s.shed),
        line('errors', (s) => s.errors),
      ],
    }),
    renderChart({
      id: 'latency',
      title: 'Latency percentiles',
      unit: 'ms',
      xMax,
      markers,
      series: [line('p50', (s) => s.p50Ms), line('p95', (s) => s.p95Ms), line('p99', (s) => s.p99Ms)],
    }),
    renderChart({
      id: 'error-rate',
      title: 'Error rate',
      unit: '%',
      xMax,
      markers,
      series: [line('errors', (s) => s.errorRate * 100), line('fallback answers/s', (s) => s.fallbacks)],
    }),
    renderChart({
      id: 'breakers',
      title: 'Circuit breaker state',
      unit: '',
      xMax,
      markers,
      yMax: 2,
      yLabels: { 0: 'closed', 1: 'open', 2: 'half-open' },
      series: breakers.map((n) => sampled(n, (p) => (p.breakers[n] ? (BREAKER_VALUE[p.breakers[n].state] ?? null) : null), true)),
    }),
    renderChart({
      id: 'bulkheads',
      title: 'Bulkheads: active, queued, rejected per second',
      unit: '',
      xMax,
      markers,
      series: bulkheads.flatMap((n) => [
        sampled(`${n} active`, (p) => p.bulkheads[n]?.active),
        sampled(`${n} queued`, (p) => p.bulkheads[n]?.queued),
        rejectedPerSecond(n),
      ]),
    }),
    renderChart({
      id: 'pools',
      title: 'Connection pools: status',
      unit: '',
      xMax,
      markers,
      yMax: 2,
      yLabels: { 0: 'up', 1: 'degraded', 2: 'down' },
      series: pools.map((n) => sampled(n, (p) => (p.pools[n] ? (POOL_VALUE[p.pools[n].status] ?? null) : null), true)),
    }),
    renderChart({
      id: 'memory',
      title: 'Memory of the service',
      unit: 'MiB',
      xMax,
      markers,
      series: [
        sampled('heap used', (p) => (p.heapUsedBytes === null ? null : p.heapUsedBytes / 1048576)),
        sampled('RSS', (p) => (p.rssBytes === null ? null : p.rssBytes / 1048576)),
      ],
    }),
  ];

  const rows = r.checks
    .map(
      (c) =>
        `<tr class="${c.passed ? 'pass' : 'fail'}"><td>${c.passed ? 'PASS' : 'FAIL'}</td><td>${esc(c.kind)}</td><td>${esc(c.name)}</td><td>${esc(c.expected)}</td><td>${esc(c.actual)}</td></tr>`,
    )
    .join('');
  const faults = r.faults
    .map(
      (f) =>
        `<tr><td>${esc(f.id)}</td><td>${f.plannedAtS} s</td><td>${f.atS === null ? '-' : `${f.atS.toFixed(2)} s`}</td><td>${esc(f.outcome)}</td><td>${esc(f.detail)}</td></tr>`,
    )
    .join('');
  const s = r.summary;
  const fmt = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} ms`);
  const verdict = r.interrupted ? 'INTERRUPTED' : r.passed ? 'PASSED' : 'FAILED';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load test: ${esc(r.scenario.name)} ${verdict}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#111827;max-width:1100px}
h1{font-size:20px}.verdict{padding:2px 8px;border-radius:4px;color:#fff}.PASSED{background:#16a34a}.FAILED,.INTERRUPTED{background:#dc2626}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #d1d5db;padding:4px 8px;text-align:left}
tr.pass td:first-child{color:#16a34a;font-weight:600}tr.fail td:first-child{color:#dc2626;font-weight:600}
.charts{display:grid;grid-template-columns:1fr;gap:12px}.chart{background:#fff;border:1px solid #e5e7eb}
.chart .title{font-weight:600;font-size:13px}.chart .tick,.chart .legend{font-size:11px;fill:#4b5563}
.chart .grid{stroke:#f3f4f6}.chart .axis{stroke:#9ca3af}.chart .marker line{stroke:#111827;stroke-dasharray:4 3}.chart .marker text{font-size:10px}
</style></head><body>
<h1>Load test <code>${esc(r.scenario.name)}</code> <span class="verdict ${verdict}">${verdict}</span></h1>
<p>${esc(r.scenario.description)}. Target ${esc(r.target.baseUrl)}${r.target.startedByRunner ? ' (started by the runner)' : ''}; started ${esc(r.startedAt)}; ran ${r.ranS.toFixed(1)} s of ${r.scenario.durationS} s; up to ${r.peakUsers} users (max ${r.scenario.maxUsers}); rate limit: ${esc(r.scenario.rateLimit.mode)}.</p>
${r.notes.length > 0 ? `<ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Checks</h2>
<table id="checks"><thead><tr><th>Result</th><th>Kind</th><th>Check</th><th>Expected</th><th>Measured</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Totals</h2>
<table id="totals"><tr><th>Requests</th><th>Throughput</th><th>Error rate</th><th>ok / degraded / shed / errors</th><th>Fallbacks</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>
<tr><td>${s.requests}</td><td>${s.throughputRps.toFixed(1)} req/s</td><td>${(s.errorRate * 100).toFixed(2)}%</td><td>${s.ok} / ${s.degraded} / ${s.shed} / ${s.errors}</td><td>${s.fallbacks}</td><td>${fmt(s.p50Ms)}</td><td>${fmt(s.p95Ms)}</td><td>${fmt(s.p99Ms)}</td><td>${fmt(s.maxMs)}</td></tr></table>
${faults ? `<h2>Faults</h2><table id="faults"><tr><th>Fault</th><th>Planned</th><th>Done at</th><th>Outcome</th><th>Detail</th></tr>${faults}</table>` : ''}
<h2>Over time</h2>
<div class="charts">${charts.join('\n')}</div>
</body></html>
`;
}
