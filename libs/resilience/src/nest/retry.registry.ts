import { Inject, Injectable } from '@nestjs/common';
import { RetryPolicy, type RetryOptions } from '../core/retry/retry-policy.js';
import { retryConfig, type NamedPolicyConfig } from './config-lookup.js';
import { PolicyRegistry } from './policy-registry.js';
import { RESILIENCE_CONFIG } from './tokens.js';

/** Retry policies by name (`retries.<name>` over `retries.default`). */
@Injectable()
export class RetryRegistry extends PolicyRegistry<RetryPolicy, RetryOptions> {
  protected readonly kindName = 'retry';

  constructor(@Inject(RESILIENCE_CONFIG) private readonly config: NamedPolicyConfig) {
    super();
  }

  protected configFor(name: string): RetryOptions {
    return retryConfig(this.config, name);
  }

  /** `backoff` overrides merge key by key into the configured backoff. */
  protected override merge(base: RetryOptions, overrides: Partial<RetryOptions>): RetryOptions {
    const merged = { ...base, ...overrides };
    if (base.backoff && overrides.backoff) merged.backoff = { ...base.backoff, ...overrides.backoff };
    return merged;
  }

  protected create(_key: string, options: RetryOptions): RetryPolicy {
    return new RetryPolicy(options);
  }
}
