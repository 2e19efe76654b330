/**
 * The health feature of ResilienceModule: the three indicators (always injectable, so an app can
 * build its own Terminus endpoint) and, when `health.enabled`, the `ResilienceHealthController`'s
 * four endpoints under `health.path` (bound at init; see metrics/bind-route.ts for why).
 */
import { Inject, Injectable, Optional, type FactoryProvider, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { RESILIENCE_CONFIG } from '../nest/tokens.js';
import { registerResilienceFeature, type ResilienceFeature } from '../nest/resilience-features.js';
import { bindGetRoute } from '../metrics/bind-route.js';
import { routePath, type ObservabilityConfig } from '../metrics/observability-config.js';
import { registrySourcesProvider } from '../metrics/registry-sources.js';
import { RESILIENCE_SOURCES } from '../metrics/resilience-sources.js';
import { BulkheadHealthIndicator } from './bulkhead.health-indicator.js';
import { CircuitBreakerHealthIndicator } from './circuit-breaker.health-indicator.js';
import { ConnectionPoolHealthIndicator } from './connection-pool.health-indicator.js';
import { RESILIENCE_HEALTH_RULES, healthRules, type HealthRules } from './health-rules.js';
import { ResilienceHealthController } from './resilience-health.controller.js';

const rulesProvider: FactoryProvider<HealthRules> = {
  provide: RESILIENCE_HEALTH_RULES,
  // `criticalPools` already holds the listed pools and those marked `critical` in their config.
  useFactory: (config: ObservabilityConfig) =>
    healthRules({ criticalPools: config.health?.criticalPools ?? [], failOnOpenBreakers: config.health?.failOnOpenBreakers }),
  inject: [RESILIENCE_CONFIG],
};

@Injectable()
export class ResilienceHealthRoutes implements OnModuleInit {
  constructor(
    @Inject(RESILIENCE_CONFIG) private readonly config: ObservabilityConfig,
    @Inject(ResilienceHealthController) private readonly controller: ResilienceHealthController,
    @Optional() @Inject(HttpAdapterHost) private readonly host?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const health = this.config.health;
    const adapter = this.host?.httpAdapter;
    if (!health?.enabled || !adapter) return;
    const c = this.controller;
    bindGetRoute(adapter, routePath(health.path), () => ({ body: c.overall() }));
    bindGetRoute(adapter, routePath(health.path, 'detailed'), () => ({ body: c.detailed() }));
    bindGetRoute(adapter, routePath(health.path, 'live'), async () => ({ body: await c.live() }));
    bindGetRoute(adapter, routePath(health.path, 'ready'), async () => ({ body: await c.ready() }));
  }
}

const INDICATORS = [ConnectionPoolHealthIndicator, CircuitBreakerHealthIndicator, BulkheadHealthIndicator];

export const RESILIENCE_HEALTH_FEATURE: ResilienceFeature = {
  name: 'health',
  imports: [TerminusModule],
  providers: [registrySourcesProvider, rulesProvider, ...INDICATORS, ResilienceHealthController, ResilienceHealthRoutes],
  exports: [...INDICATORS, RESILIENCE_HEALTH_RULES, RESILIENCE_SOURCES],
};

registerResilienceFeature(RESILIENCE_HEALTH_FEATURE);
