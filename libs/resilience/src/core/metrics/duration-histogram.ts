/**
 * A call-duration histogram kept in plain numbers (no prom-client on the call path): one counter per
 * bucket, a sum and a count. The metrics layer turns it into a Prometheus histogram at scrape time.
 */
export class DurationHistogram {
  /** Upper bounds in seconds, increasing (Prometheus convention); +Inf is implied. */
  readonly buckets: readonly number[];
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  private readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(buckets: readonly number[]) {
    this.buckets = [...buckets];
    this.counts = new Float64Array(buckets.length + 1);
  }

  observe(seconds: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && seconds > buckets[i]) i++;
    this.counts[i]++;
    this.sum += seconds;
    this.count++;
  }

  /** Cumulative counts per bucket (`le` = bound), as Prometheus reports them; the last is +Inf. */
  cumulative(): number[] {
    const out = new Array<number>(this.counts.length);
    let running = 0;
    for (let i = 0; i < this.counts.length; i++) out[i] = running += this.counts[i];
    return out;
  }
}
