/**
 * Decides whether an error counts as a failure of the protected call (DESIGN §3: `recordOn` /
 * `ignoreOn`, and by default HTTP 4xx answers and caller cancellations do not count: the caller was wrong
 * or gave up, not the service).
 */

/** An error class, matched with `instanceof`. */
export type ErrorClass = abstract new (...args: any[]) => unknown;

/** Error classes (any of them matches) or a predicate. */
export type ErrorMatcher = readonly ErrorClass[] | ((error: unknown) => boolean);

/** True for errors that carry an HTTP client-error status (400..499) in `status` or `response.status` (axios, Nest, undici). */
export function isHttpClientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { status?: unknown; response?: { status?: unknown } | null };
  const status =
    typeof e.status === 'number' ? e.status : typeof e.response === 'object' && e.response !== null ? e.response.status : undefined;
  return typeof status === 'number' && status >= 400 && status <= 499;
}

/**
 * True for a cancellation by the caller: an `AbortError` (what `AbortController.abort()` rejects with by
 * default, and what fetch/undici throw). The caller gave up; the dependency did not fail. A deadline
 * passing is a `TimeoutError` instead, and does count.
 */
export function isCancellation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** The default: every error counts except HTTP client errors and cancellations by the caller. */
const countsByDefault = (error: unknown): boolean => !isHttpClientError(error) && !isCancellation(error);

function toPredicate(matcher: ErrorMatcher): (error: unknown) => boolean {
  if (typeof matcher === 'function') return matcher;
  const classes = [...matcher];
  return (error) => {
    for (const cls of classes) if (error instanceof cls) return true;
    return false;
  };
}

/**
 * Builds `(error) => boolean`, true when the error counts as a failure. `ignoreOn` wins over `recordOn`;
 * a predicate that throws counts the error as a failure (the safe side: the breaker still protects).
 */
export function makeErrorClassifier(recordOn?: ErrorMatcher, ignoreOn?: ErrorMatcher): (error: unknown) => boolean {
  // The default is shared, so the many breakers that use it hold no closures of their own.
  if (recordOn === undefined && ignoreOn === undefined) return countsByDefault;
  const ignored = ignoreOn === undefined ? undefined : toPredicate(ignoreOn);
  const recorded = recordOn === undefined ? countsByDefault : toPredicate(recordOn);
  return (error) => {
    try {
      if (ignored !== undefined && ignored(error)) return false;
      return recorded(error);
    } catch {
      return true;
    }
  };
}
