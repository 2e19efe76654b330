/**
 * The arithmetic of fixed and sliding windows, shared by the memory and Redis limiters so both
 * answer the same way.
 *
 * Sliding windows use the "sliding window counter" approximation (as Cloudflare and
 * rate-limiter-flexible's sliding modes do): the count of the previous fixed window, weighted by how
 * much of it still overlaps the sliding window, plus the count of the current one. Two numbers per
 * key instead of a timestamp per request.
 */
import type { RateLimitAlgorithm } from './rate-limiter.js';

/** Requests counted against a key at `elapsedMs` into the current window. */
export function usedInWindow(previous: number, current: number, elapsedMs: number, windowMs: number): number {
  return previous === 0 ? current : (previous * (windowMs - elapsedMs)) / windowMs + current;
}

/** Milliseconds until `cost` more requests would be admitted, given the counts now. */
export function retryAfterMs(
  algorithm: RateLimitAlgorithm,
  limit: number,
  previous: number,
  current: number,
  elapsedMs: number,
  windowMs: number,
  cost: number,
): number {
  const toWindowEnd = windowMs - elapsedMs;
  if (algorithm === 'fixed') return toWindowEnd;
  if (previous > 0 && current + cost <= limit) {
    // Still in this window: wait until the previous window's weight has decayed enough.
    const wait = toWindowEnd - ((limit - current - cost) * windowMs) / previous;
    return Math.max(1, Math.ceil(wait));
  }
  // In the next window the current count becomes the decaying "previous" one.
  const intoNext = current > 0 ? Math.max(0, windowMs - ((limit - cost) * windowMs) / current) : 0;
  return Math.max(1, Math.ceil(toWindowEnd + intoNext));
}
