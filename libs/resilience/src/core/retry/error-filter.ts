/**
 * Which errors a policy acts on: a predicate, one error class, or a list of error classes.
 * Shared by retry (`retryOn`) and fallback (`handleOn`).
 */
export type ErrorClass = abstract new (...args: any[]) => unknown;
export type ErrorPredicate = (error: unknown) => boolean;
export type ErrorFilter = ErrorPredicate | ErrorClass | readonly ErrorClass[];

/** An error class is a function whose prototype is Error's or inherits from it; any other function is a predicate. */
function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

/** Whether `value` is a usable filter (for option validation). */
export function isErrorFilter(value: unknown): value is ErrorFilter {
  if (typeof value === 'function') return true;
  return Array.isArray(value) && value.every(isErrorClass);
}

/** Turns a filter into a predicate; `undefined` matches every error. */
export function toErrorPredicate(filter: ErrorFilter | undefined): ErrorPredicate {
  if (filter === undefined) return matchAll;
  if (Array.isArray(filter)) {
    const classes = filter as readonly ErrorClass[];
    return (error) => classes.some((c) => error instanceof c);
  }
  if (isErrorClass(filter)) return (error) => error instanceof filter;
  return filter as ErrorPredicate;
}

const matchAll: ErrorPredicate = () => true;
