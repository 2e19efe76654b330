import type { PoolStatus, PoolStatusChange } from '../../libs/resilience/src/core/pools/pool-types.js';

interface StatusSource {
  readonly name: string;
  readonly status: PoolStatus;
  onStatusChange(listener: (change: PoolStatusChange) => void): () => void;
}

/** Resolves when the pool reaches `status` (at once if it is there), from its events; fails after `timeoutMs`. */
export function waitForPoolStatus(pool: StatusSource, status: PoolStatus, timeoutMs = 10_000): Promise<void> {
  if (pool.status === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`pool "${pool.name}" did not become ${status} within ${timeoutMs} ms (still ${pool.status})`));
    }, timeoutMs);
    const dispose = pool.onStatusChange((change) => {
      if (change.to !== status) return;
      clearTimeout(timer);
      dispose();
      resolve();
    });
  });
}
