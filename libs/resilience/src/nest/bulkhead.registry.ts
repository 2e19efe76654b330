import { Inject, Injectable } from '@nestjs/common';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import type { ResolvedBulkheadConfig } from '../config/schema/bulkheads.schema.js';
import { bulkheadConfig, type NamedPolicyConfig } from './config-lookup.js';
import { PolicyRegistry } from './policy-registry.js';
import { RESILIENCE_CONFIG } from './tokens.js';

type BulkheadConfig = Partial<ResolvedBulkheadConfig>;

/**
 * The application's semaphore bulkheads by name (`bulkheads.<name>` over `bulkheads.default`).
 * A name configured with `type: worker` still gets a semaphore bulkhead with the same limits here:
 * a decorated method runs on the event loop; worker bulkheads run worker files (core `WorkerBulkhead`).
 */
@Injectable()
export class BulkheadRegistry extends PolicyRegistry<BulkheadPolicy, BulkheadConfig> {
  protected readonly kindName = 'bulkhead';

  constructor(@Inject(RESILIENCE_CONFIG) private readonly config: NamedPolicyConfig) {
    super();
  }

  protected configFor(name: string): BulkheadConfig {
    return bulkheadConfig(this.config, name);
  }

  protected create(key: string, options: BulkheadConfig): BulkheadPolicy {
    const { type: _type, ...limits } = options;
    return new BulkheadPolicy({ maxConcurrent: 10, ...limits, name: key });
  }
}
