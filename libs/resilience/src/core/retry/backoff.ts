/** Exponential backoff with jitter, as described in the AWS Architecture Blog "Exponential Backoff And Jitter". */
export type Jitter = 'full' | 'decorrelated' | 'none';

export interface BackoffOptions {
  /** Delay before the first retry (before jitter), ms. Default 100. */
  initialDelayMs?: number;
  /** Upper bound of any delay, ms. Default 10000. */
  maxDelayMs?: number;
  /** Growth per retry for 'full' and 'none'. Default 2. */
  multiplier?: number;
  /** Default 'full'. */
  jitter?: Jitter;
}

export const JITTERS: readonly Jitter[] = ['full', 'decorrelated', 'none'];

/**
 * Delays for one execution's retries. `next()` returns the delay before retry number 1, 2, ...
 * - none: min(max, initial × multiplier^(n-1))
 * - full: uniform in [0, that]
 * - decorrelated: min(max, uniform in [initial, previous × 3]) (the AWS formula; `multiplier` is
 *   not used, as there).
 */
export class Backoff {
  private retries = 0;
  private previous: number;

  constructor(
    private readonly initialDelayMs: number,
    private readonly maxDelayMs: number,
    private readonly multiplier: number,
    private readonly jitter: Jitter,
    private readonly random: () => number,
  ) {
    this.previous = initialDelayMs;
  }

  next(): number {
    const n = this.retries++;
    if (this.jitter === 'decorrelated') {
      const upper = Math.max(this.initialDelayMs, this.previous * 3);
      this.previous = Math.min(this.maxDelayMs, this.initialDelayMs + this.random() * (upper - this.initialDelayMs));
      return this.previous;
    }
    const exponential = Math.min(this.maxDelayMs, this.initialDelayMs * this.multiplier ** n);
    return this.jitter === 'full' ? this.random() * exponential : exponential;
  }
}
