import { Controller, Get, Query, ServiceUnavailableException } from '@nestjs/common';
import { isBulkheadFullError } from '@app/resilience';
import { parseN } from './heavy-computation-input.js';
import { HeavyComputationService } from './heavy-computation.service.js';
import type { HeavyResult } from './heavy-computation.worker.js';

@Controller('api/heavy-computation')
export class HeavyComputationController {
  constructor(private readonly heavy: HeavyComputationService) {}

  /** `?n=` (1..5,000,000, default 100,000): counts the primes up to n in a worker thread. */
  @Get()
  async compute(@Query('n') n?: string): Promise<HeavyResult & { bulkhead: string }> {
    const bound = parseN(n);
    try {
      return { ...(await this.heavy.compute(bound)), bulkhead: this.heavy.bulkhead.name };
    } catch (error) {
      if (!isBulkheadFullError(error)) throw error;
      const { active, queued, maxConcurrent, maxQueue, rejected } = this.heavy.bulkhead.snapshot();
      throw new ServiceUnavailableException({
        message: `The ${this.heavy.bulkhead.name} bulkhead is full (${active}/${maxConcurrent} running, ${queued}/${maxQueue} queued); retry later`,
        name: error.name,
        bulkhead: { name: this.heavy.bulkhead.name, active, queued, maxConcurrent, maxQueue, rejected },
      });
    }
  }
}
