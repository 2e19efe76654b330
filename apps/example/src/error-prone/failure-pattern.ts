/**
 * Which calls of /api/error-prone fail, deterministically: in every cycle of 10 calls, the first
 * round(rate x 10) fail and the rest succeed. Random failures at 50% would leave the seed's
 * 10-call loop without 3 failures in a row about one time in six; a block of 5 failures per 10
 * calls gives every run of 10 consecutive calls at least 3 failures in a row (a block of 5 split
 * across the cycle boundary leaves one part of at least 3), so the `error_prone` breaker (threshold
 * 3) opens every time. The long-run failure share is still the configured rate (to 0.1).
 */
export const FAILURE_CYCLE = 10;

export class FailurePattern {
  private calls = 0;

  /** Whether the next call fails at this rate (0..1). Advances the cycle. */
  next(rate: number): boolean {
    const slot = this.calls % FAILURE_CYCLE;
    this.calls++;
    return slot < Math.round(rate * FAILURE_CYCLE);
  }

  /** Back to the start of a cycle. */
  reset(): void {
    this.calls = 0;
  }
}
