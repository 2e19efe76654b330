import { SetMetadata } from '@nestjs/common';
import { SKIP_RESILIENCE_METADATA } from '../nest/tokens.js';

export type HttpResilienceFeature = 'timeout' | 'rateLimit' | 'circuitBreaker' | 'bulkhead';

export const HTTP_RESILIENCE_FEATURES: readonly HttpResilienceFeature[] = ['timeout', 'rateLimit', 'circuitBreaker', 'bulkhead'];

/**
 * Opts a route (method) or a controller (class) out of the HTTP layer: all features, or only the
 * ones named (`@SkipResilience('rateLimit')`).
 */
export function SkipResilience(...features: HttpResilienceFeature[]): MethodDecorator & ClassDecorator {
  for (const f of features) {
    if (!HTTP_RESILIENCE_FEATURES.includes(f)) {
      throw new TypeError(
        `@SkipResilience: unknown feature ${JSON.stringify(f)}; use ${HTTP_RESILIENCE_FEATURES.map((x) => `'${x}'`).join(', ')}`,
      );
    }
  }
  return SetMetadata(SKIP_RESILIENCE_METADATA, features.length === 0 ? HTTP_RESILIENCE_FEATURES : features);
}
