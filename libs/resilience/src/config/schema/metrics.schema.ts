/** `metrics`: the Prometheus endpoint. The observability helper may add keys here; keep the config tests passing. */
import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { bool, boolOr, section, text } from './fields.js';
import { type ResolveContext } from './resolve-context.js';
import { trimSlashes } from './health.schema.js';

export function metricsSchema() {
  const bucket = z.number({ error: (i) => `must be a number > 0 (seconds), got ${describeValue(i.input)}` }).positive({
    error: (i) => `must be a number > 0 (seconds), got ${describeValue(i.input)}`,
  });
  return section({
    enabled: bool().describe('Serve Prometheus metrics'),
    path: text().describe('Path of the metrics endpoint'),
    defaultMetrics: bool().describe('Include the default Node process metrics'),
    histogram: boolOr(
      section({
        buckets: z
          .array(bucket, { error: (i) => `must be a list of numbers, got ${describeValue(i.input)}` })
          .optional()
          .describe('Bucket upper bounds in seconds, increasing'),
      }),
      '{ buckets: [...] }',
    ).describe(
      'Call-duration histogram per decorated method, resilience_method_duration_seconds{method} (off by default: NOT within the 5% budget; it adds about +100 ns per call, two clock reads, so a @CircuitBreaker method measured 2.4-2.7x with it on vs off in npm run bench -- metrics)',
    ),
  })
    .optional()
    .describe('Prometheus metrics');
}

export type MetricsInput = z.output<ReturnType<typeof metricsSchema>>;

export interface ResolvedMetricsConfig {
  enabled: boolean;
  /** Without leading or trailing slash. */
  path: string;
  defaultMetrics: boolean;
  /** Bucket bounds in seconds (Prometheus convention), or false when the histogram is off. */
  histogram: false | { buckets: number[] };
}

/** prom-client's default buckets, in seconds. */
export const DEFAULT_HISTOGRAM_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const METRICS_DEFAULTS: ResolvedMetricsConfig = { enabled: false, path: 'metrics', defaultMetrics: true, histogram: false };

export function resolveMetrics(input: MetricsInput | undefined, ctx: ResolveContext): ResolvedMetricsConfig {
  const histogram = input?.histogram;
  let resolvedHistogram: ResolvedMetricsConfig['histogram'] = false;
  if (histogram !== undefined && histogram !== false) {
    const buckets = histogram === true || histogram.buckets === undefined ? [...DEFAULT_HISTOGRAM_BUCKETS] : histogram.buckets;
    if (buckets.length === 0) ctx.report(['metrics', 'histogram', 'buckets'], 'must list at least one bucket');
    const unordered = buckets.findIndex((b, i) => i > 0 && b <= buckets[i - 1]);
    if (unordered > 0) {
      ctx.report(
        ['metrics', 'histogram', 'buckets', unordered],
        `must be greater than the bucket before it (${buckets[unordered - 1]}), got ${buckets[unordered]}`,
      );
    }
    resolvedHistogram = { buckets };
  }
  return {
    enabled: input?.enabled ?? METRICS_DEFAULTS.enabled,
    path: trimSlashes(input?.path ?? METRICS_DEFAULTS.path),
    defaultMetrics: input?.defaultMetrics ?? METRICS_DEFAULTS.defaultMetrics,
    histogram: resolvedHistogram,
  };
}
