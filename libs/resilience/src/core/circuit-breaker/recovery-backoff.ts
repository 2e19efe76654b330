/**
 * How long an open breaker waits before a trial: `recoveryTimeout`, multiplied by
 * `backoffMultiplier` after each failed trial up to `maxRecoveryTimeout`, back to the base when
 * the breaker closes (DESIGN §3).
 */

/** The timeout after one more failed trial. */
export function grownRecoveryTimeout(current: number, multiplier: number, max: number): number {
  return Math.min(current * multiplier, max);
}

/**
 * The wait actually used: `timeout` minus up to `jitter` × `timeout`, at random ("subtractive"
 * jitter, so the cap is never exceeded and the wait lies in (timeout × (1 − jitter), timeout]).
 */
export function jitteredWait(timeout: number, jitter: number, random: () => number): number {
  return jitter === 0 ? timeout : timeout * (1 - jitter * random());
}
