/** Runs in a piscina worker thread (the `heavy_computation` worker bulkhead), never on the event loop. */
import { countPrimes } from './count-primes.js';

export interface HeavyTask {
  n: number;
}

export interface HeavyResult {
  n: number;
  primes: number;
  computeMs: number;
}

export default function run(task: HeavyTask): HeavyResult {
  const started = performance.now();
  const primes = countPrimes(task.n);
  return { n: task.n, primes, computeMs: Math.round(performance.now() - started) };
}
