import { Inject, Injectable } from '@nestjs/common';
import { BulkheadRegistry, RESILIENCE_CONFIG, bulkheadOptions, type ResolvedResilienceConfig, type WorkerBulkhead } from '@app/resilience';
import type { HeavyResult, HeavyTask } from './heavy-computation.worker.js';

export const HEAVY_BULKHEAD = 'heavy_computation';

/**
 * CPU-heavy work in worker threads, through the worker bulkhead `heavy_computation` (config
 * `bulkheads.heavy_computation` with `type: worker`: max_concurrent threads, max_queue waiting), so the
 * event loop keeps answering other requests while it runs. Taken from the registry so health, metrics
 * and logs see it, and the registry closes its threads on shutdown.
 */
@Injectable()
export class HeavyComputationService {
  readonly bulkhead: WorkerBulkhead;

  constructor(bulkheads: BulkheadRegistry, @Inject(RESILIENCE_CONFIG) config: ResolvedResilienceConfig) {
    this.bulkhead = bulkheads.getWorker(HEAVY_BULKHEAD, {
      // Every thread starts with the app and stays: no thread start-up cost under load.
      minThreads: bulkheadOptions(config, HEAVY_BULKHEAD).maxConcurrent,
      // Compiled next to this file (.js in the build).
      filename: new URL('./heavy-computation.worker.js', import.meta.url),
    });
  }

  compute(n: number): Promise<HeavyResult> {
    return this.bulkhead.run<HeavyResult>({ n } satisfies HeavyTask);
  }
}
