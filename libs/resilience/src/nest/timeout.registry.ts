import { Inject, Injectable } from '@nestjs/common';
import { TimeoutPolicy } from '../core/timeout/timeout-policy.js';
import type { ResolvedTimeoutConfig } from '../config/schema/timeouts.schema.js';
import { timeoutConfig, type NamedPolicyConfig } from './config-lookup.js';
import { PolicyRegistry } from './policy-registry.js';
import { RESILIENCE_CONFIG } from './tokens.js';

type TimeoutConfig = Partial<ResolvedTimeoutConfig>;

/**
 * Timeouts by name (`timeouts.<name>` over `timeouts.default`). A fixed `@Timeout(ms)` is `forMs(ms)`:
 * one policy per distinct duration (a policy holds one timer for all its calls, so sharing is cheaper).
 */
@Injectable()
export class TimeoutRegistry extends PolicyRegistry<TimeoutPolicy, TimeoutConfig> {
  protected readonly kindName = 'timeout';

  constructor(@Inject(RESILIENCE_CONFIG) private readonly config: NamedPolicyConfig) {
    super();
  }

  /** The shared policy for a fixed duration, keyed `<ms>ms`. */
  forMs(timeoutMs: number): TimeoutPolicy {
    return this.get(`${timeoutMs}ms`, { timeoutMs });
  }

  protected configFor(name: string): TimeoutConfig {
    return timeoutConfig(this.config, name);
  }

  protected create(key: string, options: TimeoutConfig): TimeoutPolicy {
    return new TimeoutPolicy({ timeoutMs: options.timeoutMs ?? 30_000, name: key });
  }
}
