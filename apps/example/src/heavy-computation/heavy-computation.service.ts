import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RESILIENCE_CONFIG, WorkerBulkhead, type ResolvedResilienceConfig } from '@app/resilience';
import type { HeavyResult, HeavyTask } from './heavy-computation.worker.js';

export const HEAVY_BULKHEAD = 'heavy_computation';

/**
 * CPU-heavy work in worker threads, through the worker bulkhead `heavy_computation` (limits from
 * `bulkheads.heavy_computation`: max_concurrent threads, max_queue waiting), so the event loop keeps
 * answering other requests while it runs.
 */
@Injectable()
export class HeavyComputationService implements OnApplicationShutdown {
  readonly bulkhead: WorkerBulkhead;

  constructor(@Inject(RESILIENCE_CONFIG) config: ResolvedResilienceConfig) {
    const limits = config.bulkheads[HEAVY_BULKHEAD] ?? config.bulkheads.default;
    this.bulkhead = new WorkerBulkhead({
      name: HEAVY_BULKHEAD,
      maxConcurrent: limits.maxConcurrent,
      maxQueue: limits.maxQueue,
      maxWaitMs: limits.maxWaitMs,
      // Every thread starts with the app and stays: no thread start-up cost under load.
      minThreads: limits.maxConcurrent,
      // Compiled next to this file (.js in the build).
      filename: new URL('./heavy-computation.worker.js', import.meta.url),
    });
  }

  compute(n: number): Promise<HeavyResult> {
    return this.bulkhead.run<HeavyResult>({ n } satisfies HeavyTask);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bulkhead.close();
  }
}
