/**
 * Reads the samples of a Prometheus text exposition (the service's /metrics): enough for gauges
 * and counters with simple label values. Comments and malformed lines are skipped.
 */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Map<string, MetricSample[]> {
  const metrics = new Map<string, MetricSample[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const list = metrics.get(match[1]!) ?? [];
    list.push({ labels, value });
    metrics.set(match[1]!, list);
  }
  return metrics;
}

/** Values of one metric by the value of one label (`{name: value}`). */
export function byLabel(metrics: Map<string, MetricSample[]>, metric: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of metrics.get(metric) ?? []) if (s.labels[label] !== undefined) out[s.labels[label]] = s.value;
  return out;
}

/** The first sample's value of a metric without labels to match, or undefined. */
export function single(metrics: Map<string, MetricSample[]>, metric: string): number | undefined {
  return metrics.get(metric)?.[0]?.value;
}
