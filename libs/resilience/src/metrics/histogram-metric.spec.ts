/** The call-duration histogram as the collector exports it: Prometheus histogram lines read at scrape time. */
import { spawnSync } from 'node:child_process';
import { DurationHistogram } from '../core/metrics/duration-histogram.js';
import { ResilienceMetricsCollector } from './resilience-metrics-collector.js';
import { staticSources } from './resilience-sources.js';

function collectorWith(histograms: Map<string, DurationHistogram> | undefined): ResilienceMetricsCollector {
  return new ResilienceMetricsCollector(staticSources({ breakers: [], bulkheads: [], pools: [] }), {
    defaultMetrics: false,
    methodDurations: histograms && (() => histograms.entries()),
  });
}

describe('resilience_method_duration_seconds', () => {
  it('exports cumulative buckets, +Inf, sum and count per method, read at scrape time', async () => {
    const quote = new DurationHistogram([0.01, 0.5]);
    const histograms = new Map([['Quotes.quote', quote]]);
    const collector = collectorWith(histograms);

    expect(await collector.metrics()).toContain('resilience_method_duration_seconds_count{method="Quotes.quote"} 0');
    quote.observe(0.002);
    quote.observe(0.2);
    quote.observe(3);
    histograms.set('Orders.place', new DurationHistogram([0.01, 0.5])); // a method first timed after registration

    const lines = (await collector.metrics()).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE resilience_method_duration_seconds histogram',
        'resilience_method_duration_seconds_bucket{method="Quotes.quote",le="0.01"} 1',
        'resilience_method_duration_seconds_bucket{method="Quotes.quote",le="0.5"} 2',
        'resilience_method_duration_seconds_bucket{method="Quotes.quote",le="+Inf"} 3',
        'resilience_method_duration_seconds_sum{method="Quotes.quote"} 3.202',
        'resilience_method_duration_seconds_count{method="Quotes.quote"} 3',
        'resilience_method_duration_seconds_count{method="Orders.place"} 0',
      ]),
    );
  });

  it('is absent when the histogram is off', async () => {
    expect(await collectorWith(undefined).metrics()).not.toContain('resilience_method_duration_seconds');
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  (promtool || process.env.CI ? it : it.skip)('passes promtool check metrics with several methods', async () => {
    const a = new DurationHistogram([0.005, 0.05]);
    const b = new DurationHistogram([0.005, 0.05]);
    a.observe(0.001);
    b.observe(1);
    const scrape = await collectorWith(
      new Map([
        ['A.run', a],
        ['B.run', b],
      ]),
    ).metrics();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
