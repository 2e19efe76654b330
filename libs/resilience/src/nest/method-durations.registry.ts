/**
 * The call-duration histograms of decorated methods (`metrics.histogram`), one per method named
 * `ClassName.methodName` (a bounded label set), filled by the explorer's TimedPolicy and read by the
 * metrics collector at scrape time.
 */
import { Injectable } from '@nestjs/common';
import { DurationHistogram } from '../core/metrics/duration-histogram.js';

@Injectable()
export class MethodDurationRegistry {
  private readonly histograms = new Map<string, DurationHistogram>();

  /** The histogram of `method`, created with `buckets` (seconds) on first use. */
  histogramFor(method: string, buckets: readonly number[]): DurationHistogram {
    let histogram = this.histograms.get(method);
    if (histogram === undefined) {
      histogram = new DurationHistogram(buckets);
      this.histograms.set(method, histogram);
    }
    return histogram;
  }

  entries(): IterableIterator<[string, DurationHistogram]> {
    return this.histograms.entries();
  }
}
