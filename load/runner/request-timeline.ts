/**
 * What the load generator saw, second by second: answers by outcome and endpoint, latencies,
 * fallback answers and connection errors. Latency and endpoint arrive through different autocannon
 * callbacks, so they are recorded separately (both per second).
 */
import type { Outcome } from '../scenarios/outcomes.js';
import { percentile } from './percentiles.js';

export interface SecondBucket {
  t: number;
  answers: number;
  ok: number;
  degraded: number;
  shed: number;
  errors: number;
  /** Requests that got no answer (refused, reset, timed out): errors too. */
  connectionErrors: number;
  fallbacks: number;
  latenciesMs: number[];
}

export interface EndpointTotals {
  answers: number;
  statuses: Record<string, number>;
  outcomes: Record<Outcome, number>;
}

export interface SecondSummary {
  t: number;
  requestsPerS: number;
  ok: number;
  degraded: number;
  shed: number;
  errors: number;
  errorRate: number;
  fallbacks: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface LoadSummary {
  requests: number;
  durationS: number;
  throughputRps: number;
  ok: number;
  degraded: number;
  shed: number;
  errors: number;
  connectionErrors: number;
  errorRate: number;
  fallbacks: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  endpoints: Record<string, EndpointTotals>;
}

export class RequestTimeline {
  private readonly buckets: SecondBucket[] = [];
  private readonly endpoints: Record<string, EndpointTotals> = {};
  private closed = false;

  /** @param clock seconds since the run started */
  constructor(private readonly clock: () => number) {}

  /** Ignores what arrives after the load ended (stopped clients failing as the service shuts down). */
  close(): void {
    this.closed = true;
  }

  recordAnswer(endpoint: string, status: number, outcome: Outcome, fallback: boolean): void {
    if (this.closed) return;
    const b = this.bucket();
    b.answers++;
    b[outcome === 'error' ? 'errors' : outcome]++;
    if (fallback) b.fallbacks++;
    const e = (this.endpoints[endpoint] ??= { answers: 0, statuses: {}, outcomes: { ok: 0, degraded: 0, shed: 0, error: 0 } });
    e.answers++;
    e.statuses[status] = (e.statuses[status] ?? 0) + 1;
    e.outcomes[outcome]++;
  }

  recordLatency(ms: number): void {
    if (this.closed) return;
    this.bucket().latenciesMs.push(ms);
  }

  recordConnectionError(): void {
    if (this.closed) return;
    this.bucket().connectionErrors++;
  }

  /** Buckets with t in [from, to). */
  between(from: number, to: number): SecondBucket[] {
    return this.buckets.filter((b) => b !== undefined && b.t >= from && b.t < to);
  }

  seconds(): SecondSummary[] {
    const out: SecondSummary[] = [];
    for (let t = 0; t < this.buckets.length; t++) {
      const b = this.buckets[t] ?? emptyBucket(t);
      const failed = b.errors + b.connectionErrors;
      out.push({
        t,
        requestsPerS: b.answers + b.connectionErrors,
        ok: b.ok,
        degraded: b.degraded,
        shed: b.shed,
        errors: failed,
        errorRate: b.answers + b.connectionErrors === 0 ? 0 : failed / (b.answers + b.connectionErrors),
        fallbacks: b.fallbacks,
        p50Ms: percentile(b.latenciesMs, 50),
        p95Ms: percentile(b.latenciesMs, 95),
        p99Ms: percentile(b.latenciesMs, 99),
      });
    }
    return out;
  }

  summary(durationS: number): LoadSummary {
    return summarize(this.between(0, Infinity), durationS, this.endpoints);
  }

  private bucket(): SecondBucket {
    const t = Math.max(0, Math.floor(this.clock()));
    return (this.buckets[t] ??= emptyBucket(t));
  }
}

export function summarize(
  buckets: readonly SecondBucket[],
  durationS: number,
  endpoints: Record<string, EndpointTotals> = {},
): LoadSummary {
  const sum = (key: 'answers' | 'ok' | 'degraded' | 'shed' | 'errors' | 'connectionErrors' | 'fallbacks') =>
    buckets.reduce((s, b) => s + b[key], 0);
  const latencies = buckets.flatMap((b) => b.latenciesMs);
  const answers = sum('answers');
  const connectionErrors = sum('connectionErrors');
  const requests = answers + connectionErrors;
  return {
    requests,
    durationS,
    throughputRps: durationS > 0 ? requests / durationS : 0,
    ok: sum('ok'),
    degraded: sum('degraded'),
    shed: sum('shed'),
    errors: sum('errors') + connectionErrors,
    connectionErrors,
    errorRate: requests === 0 ? 0 : (sum('errors') + connectionErrors) / requests,
    fallbacks: sum('fallbacks'),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length === 0 ? null : latencies.reduce((a, b) => Math.max(a, b), 0),
    endpoints,
  };
}

function emptyBucket(t: number): SecondBucket {
  return { t, answers: 0, ok: 0, degraded: 0, shed: 0, errors: 0, connectionErrors: 0, fallbacks: 0, latenciesMs: [] };
}
