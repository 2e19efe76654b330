import { Inject, Injectable } from '@nestjs/common';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import { breakerConfig, type NamedPolicyConfig } from './config-lookup.js';
import { PolicyRegistry } from './policy-registry.js';
import { RESILIENCE_CONFIG } from './tokens.js';

type BreakerConfig = Omit<CircuitBreakerOptions, 'name'>;

/** The application's circuit breakers by name (`circuitBreakers.<name>` over `circuitBreakers.default`). */
@Injectable()
export class CircuitBreakerRegistry extends PolicyRegistry<CircuitBreakerPolicy, BreakerConfig> {
  protected readonly kindName = 'circuit breaker';

  constructor(@Inject(RESILIENCE_CONFIG) private readonly config: NamedPolicyConfig) {
    super();
  }

  protected configFor(name: string): BreakerConfig {
    return breakerConfig(this.config, name);
  }

  protected create(key: string, options: BreakerConfig): CircuitBreakerPolicy {
    return new CircuitBreakerPolicy({ ...options, name: key });
  }
}
