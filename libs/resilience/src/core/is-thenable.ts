/** A promise or any other thenable (an object or function with a `then` method, as Promises/A+ says). */
export function isThenable<T = unknown>(value: PromiseLike<T> | unknown): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
