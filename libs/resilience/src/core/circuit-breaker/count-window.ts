/**
 * The last `size` calls, in a ring buffer of one byte per call (bit 0 failed, bit 1 slow) with
 * running totals, so recording is O(1) and allocates nothing. The buffer is allocated on the first
 * record: a breaker that is never called holds no window storage.
 */
import { percent, reachesRate, type OutcomeWindow, type WindowStats } from './outcome-window.js';

const FAILED = 1;
const SLOW = 2;

export class CountWindow implements OutcomeWindow {
  readonly type = 'count' as const;
  private ring: Uint8Array | null = null;
  private head = 0;
  private filled = 0;
  private failures = 0;
  private slows = 0;

  constructor(
    private readonly size: number,
    private readonly minimumCalls: number,
    private readonly failureRateThreshold: number,
    /** `Infinity` when slow calls are not measured. */
    private readonly slowCallRateThreshold: number,
  ) {}

  record(failed: boolean, slow: boolean): boolean {
    const ring = this.ring ?? (this.ring = new Uint8Array(this.size));
    const code = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    if (this.filled === this.size) {
      const old = ring[this.head];
      this.failures -= old & FAILED;
      this.slows -= old >> 1;
    } else {
      this.filled++;
    }
    ring[this.head] = code;
    this.failures += code & FAILED;
    this.slows += code >> 1;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
    return (
      this.filled >= this.minimumCalls &&
      (reachesRate(this.failures, this.filled, this.failureRateThreshold) ||
        reachesRate(this.slows, this.filled, this.slowCallRateThreshold))
    );
  }

  clear(): void {
    this.ring?.fill(0);
    this.head = this.filled = this.failures = this.slows = 0;
  }

  stats(): WindowStats {
    const enough = this.filled >= this.minimumCalls;
    return {
      bufferedCalls: this.filled,
      failureRate: enough ? percent(this.failures, this.filled) : -1,
      slowCallRate: enough && this.slowCallRateThreshold !== Number.POSITIVE_INFINITY ? percent(this.slows, this.filled) : -1,
      consecutiveFailures: 0,
    };
  }
}
