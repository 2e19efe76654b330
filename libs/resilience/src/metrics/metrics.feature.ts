/**
 * The metrics feature of ResilienceModule: a `ResilienceMetricsCollector` (own registry, injectable)
 * and, when `metrics.enabled`, `GET /<metrics.path>` in Prometheus text format.
 *
 * Rate-limit rejections: provide `RESILIENCE_RATE_LIMIT_REJECTIONS` (a function returning
 * `{ name, rejected }` entries) and they are exported as `rate_limit_rejections_total`.
 */
import { Inject, Injectable, Optional, type FactoryProvider, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MethodDurationRegistry } from '../nest/method-durations.registry.js';
import { RESILIENCE_CONFIG } from '../nest/tokens.js';
import { registerResilienceFeature, type ResilienceFeature } from '../nest/resilience-features.js';
import { bindGetRoute } from './bind-route.js';
import { routePath, type ObservabilityConfig } from './observability-config.js';
import { registrySourcesProvider } from './registry-sources.js';
import { ResilienceMetricsCollector, type ObservedRateLimit } from './resilience-metrics-collector.js';
import { RESILIENCE_SOURCES, type ResilienceSources } from './resilience-sources.js';

export const RESILIENCE_RATE_LIMIT_REJECTIONS = Symbol.for('nest-resilience.rate-limit-rejections');

const collectorProvider: FactoryProvider<ResilienceMetricsCollector> = {
  provide: ResilienceMetricsCollector,
  useFactory: (
    config: ObservabilityConfig & { metrics?: { histogram?: unknown } },
    sources: ResilienceSources,
    rateLimits?: () => Iterable<ObservedRateLimit>,
    durations?: MethodDurationRegistry,
  ) =>
    new ResilienceMetricsCollector(sources, {
      // Default metrics start an event-loop monitor: only when metrics are served.
      defaultMetrics: (config.metrics?.enabled ?? false) && (config.metrics?.defaultMetrics ?? true),
      rateLimits,
      methodDurations: config.metrics?.histogram && durations ? () => durations.entries() : undefined,
    }),
  inject: [
    RESILIENCE_CONFIG,
    RESILIENCE_SOURCES,
    { token: RESILIENCE_RATE_LIMIT_REJECTIONS, optional: true },
    { token: MethodDurationRegistry, optional: true },
  ],
};

@Injectable()
export class ResilienceMetricsRoute implements OnModuleInit {
  constructor(
    @Inject(RESILIENCE_CONFIG) private readonly config: ObservabilityConfig,
    @Inject(ResilienceMetricsCollector) private readonly collector: ResilienceMetricsCollector,
    @Optional() @Inject(HttpAdapterHost) private readonly host?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const metrics = this.config.metrics;
    const adapter = this.host?.httpAdapter;
    if (!metrics?.enabled || !adapter) return; // disabled, or an application context without HTTP
    bindGetRoute(adapter, routePath(metrics.path), async () => ({
      body: await this.collector.metrics(),
      contentType: this.collector.contentType,
    }));
  }
}

export const RESILIENCE_METRICS_FEATURE: ResilienceFeature = {
  name: 'metrics',
  providers: [registrySourcesProvider, collectorProvider, ResilienceMetricsRoute],
  exports: [ResilienceMetricsCollector, RESILIENCE_SOURCES],
};

registerResilienceFeature(RESILIENCE_METRICS_FEATURE);
