/**
 * Call-duration histograms of decorated methods as one Prometheus histogram, read at scrape time
 * from the plain `DurationHistogram`s (prom-client's Histogram would need `observe()` on every call).
 * prom-client's Registry accepts any object with `name` and `get()`, as for untyped-metric.ts.
 */
import type { MetricValue, Registry } from 'prom-client';
import type { DurationHistogram } from '../core/metrics/duration-histogram.js';

export type HistogramSource = () => Iterable<[label: string, histogram: DurationHistogram]>;

export class ScrapedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly source: HistogramSource,
  ) {}

  get(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: MetricValue<string>[] } {
    const values: MetricValue<string>[] = [];
    for (const [label, histogram] of this.source()) {
      const cumulative = histogram.cumulative();
      histogram.buckets.forEach((bound, i) => {
        values.push({ metricName: `${this.name}_bucket`, labels: { [this.labelName]: label, le: bound }, value: cumulative[i] } as never);
      });
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { [this.labelName]: label, le: '+Inf' },
        value: cumulative[cumulative.length - 1],
      } as never);
      values.push({ metricName: `${this.name}_sum`, labels: { [this.labelName]: label }, value: histogram.sum } as never);
      values.push({ metricName: `${this.name}_count`, labels: { [this.labelName]: label }, value: histogram.count } as never);
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {}

  registerIn(registry: Registry): void {
    registry.registerMetric(this as never);
  }
}
