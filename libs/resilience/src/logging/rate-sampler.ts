/**
 * Lets at most one event per key through per interval and counts the ones it drops, so an open
 * breaker rejecting thousands of calls a second logs one line a second that says how many it hid.
 * Keys are configured names (bounded), so the map stays small.
 */
export class RateSampler {
  private readonly lastAdmittedAt = new Map<string, number>();
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Returns -1 to drop the event, or the number of events dropped for `key` since the last one
   * admitted (0 for the first).
   */
  admit(key: string): number {
    const now = this.now();
    const last = this.lastAdmittedAt.get(key);
    if (last !== undefined && now - last < this.intervalMs) {
      this.dropped.set(key, (this.dropped.get(key) ?? 0) + 1);
      return -1;
    }
    this.lastAdmittedAt.set(key, now);
    const suppressed = this.dropped.get(key) ?? 0;
    if (suppressed > 0) this.dropped.set(key, 0);
    return suppressed;
  }
}
