/**
 * A metric of Prometheus type `untyped`, read at scrape time. prom-client has no class for it, but
 * its Registry accepts any object with `name` and `get()`. Used for DESIGN's `*_count` names, which
 * promtool rejects on counters and gauges (see metric-names.ts). Prometheus text format only
 * (OpenMetrics would call the type `unknown`); the collector's registries use that format.
 */
import type { MetricValue, Registry } from 'prom-client';

/** What prom-client's Registry reads from a metric's `get()`. */
interface UntypedMetricObject {
  name: string;
  help: string;
  type: 'untyped';
  aggregator: 'sum';
  values: MetricValue<string>[];
}

export type UntypedReader = (emit: (labels: Record<string, string>, value: number) => void) => void;

export class UntypedMetric {
  readonly type = 'untyped';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly read: UntypedReader,
  ) {}

  get(): UntypedMetricObject {
    const values: MetricValue<string>[] = [];
    this.read((labels, value) => {
      if (Number.isFinite(value)) values.push({ labels, value });
    });
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }

  /** Nothing is stored: values come from the sources at every scrape. */
  reset(): void {}

  registerIn(registry: Registry): void {
    registry.registerMetric(this as never);
  }
}
