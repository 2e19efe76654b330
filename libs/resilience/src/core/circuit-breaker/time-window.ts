/**
 * The calls of the last `seconds` seconds, in one bucket per second (calls, failures, slow calls)
 * with running totals. Moving to a new second empties the buckets that fell out of the window, so
 * recording is O(1) amortised and allocates nothing. Storage is allocated on the first record.
 * A clock that goes backwards is treated as still being in the latest second.
 */
import { percent, reachesRate, type OutcomeWindow, type WindowStats } from './outcome-window.js';

export class TimeWindow implements OutcomeWindow {
  readonly type = 'time' as const;
  /** Per bucket: [calls, failures, slow] at index 3 × bucket. */
  private buckets: Uint32Array | null = null;
  private latestSecond = 0;
  private calls = 0;
  private failures = 0;
  private slows = 0;

  constructor(
    private readonly seconds: number,
    private readonly minimumCalls: number,
    private readonly failureRateThreshold: number,
    /** `Infinity` when slow calls are not measured. */
    private readonly slowCallRateThreshold: number,
    /** Milliseconds; the shared coarse clock unless a test clock was given. */
    private readonly clock: () => number,
  ) {}

  record(failed: boolean, slow: boolean): boolean {
    const i = this.advance() * 3;
    const b = this.buckets as Uint32Array;
    b[i]++;
    this.calls++;
    if (failed) {
      b[i + 1]++;
      this.failures++;
    }
    if (slow) {
      b[i + 2]++;
      this.slows++;
    }
    return (
      this.calls >= this.minimumCalls &&
      (reachesRate(this.failures, this.calls, this.failureRateThreshold) || reachesRate(this.slows, this.calls, this.slowCallRateThreshold))
    );
  }

  /** Moves the window to the clock's second and returns that second's bucket index. */
  private advance(): number {
    const second = Math.floor(this.clock() / 1000);
    const size = this.seconds;
    if (this.buckets === null) {
      this.buckets = new Uint32Array(size * 3);
      this.latestSecond = second;
    } else if (second > this.latestSecond) {
      const expired = Math.min(second - this.latestSecond, size);
      const b = this.buckets;
      for (let s = 1; s <= expired; s++) {
        const i = bucketOf(this.latestSecond + s, size) * 3;
        this.calls -= b[i];
        this.failures -= b[i + 1];
        this.slows -= b[i + 2];
        b[i] = b[i + 1] = b[i + 2] = 0;
      }
      this.latestSecond = second;
    }
    return bucketOf(this.latestSecond, size);
  }

  clear(): void {
    this.buckets?.fill(0);
    this.calls = this.failures = this.slows = 0;
  }

  stats(): WindowStats {
    if (this.buckets !== null) this.advance();
    const enough = this.calls >= this.minimumCalls;
    return {
      bufferedCalls: this.calls,
      failureRate: enough ? percent(this.failures, this.calls) : -1,
      slowCallRate: enough && this.slowCallRateThreshold !== Number.POSITIVE_INFINITY ? percent(this.slows, this.calls) : -1,
      consecutiveFailures: 0,
    };
  }
}

function bucketOf(second: number, size: number): number {
  const i = second % size;
  return i < 0 ? i + size : i;
}
