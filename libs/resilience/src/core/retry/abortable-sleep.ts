import { NEVER_ABORTED } from '../policy.js';

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (clearing the timer). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      if (signal !== NEVER_ABORTED) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal !== NEVER_ABORTED) signal.addEventListener('abort', onAbort, { once: true });
  });
}
