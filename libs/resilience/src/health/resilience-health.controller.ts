/**
 * The ready-made health endpoints (opt-in, `health.enabled`), under a configurable prefix:
 * - `GET /health`: the overall status only, from in-memory state (cached pool statuses), fast.
 * - `GET /health/detailed`: every pool, breaker and bulkhead, and the aggregated status.
 * - `GET /health/live`: the process only (Kubernetes liveness); never looks at Redis or upstreams.
 * - `GET /health/ready`: fails (503) while a critical pool is down (Kubernetes readiness).
 * `up` and `degraded` answer 200, `down` answers 503. `/live` and `/ready` use Terminus's
 * `HealthCheckService`, so they also answer 503 while the app shuts down (Terminus `shutting_down`).
 */
import { Controller, Get, Inject, Optional, ServiceUnavailableException, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { RESILIENCE_SOURCES, type ResilienceSources } from '../metrics/resilience-sources.js';
import { ConnectionPoolHealthIndicator } from './connection-pool.health-indicator.js';
import { buildHealthReport, overallHealth, type HealthReport } from './health-report.js';
import { RESILIENCE_HEALTH_RULES, healthRules, type HealthRules, type HealthStatus } from './health-rules.js';

export const DEFAULT_HEALTH_PATH = 'health';

@Controller(DEFAULT_HEALTH_PATH)
export class ResilienceHealthController {
  private readonly rules: HealthRules;

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ConnectionPoolHealthIndicator) private readonly pools: ConnectionPoolHealthIndicator,
    @Inject(RESILIENCE_SOURCES) private readonly sources: ResilienceSources,
    @Optional() @Inject(RESILIENCE_HEALTH_RULES) rules?: HealthRules,
  ) {
    this.rules = rules ?? healthRules();
  }

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  overall(): { status: HealthStatus } {
    return failIfDown({ status: overallHealth(this.sources, this.rules) });
  }

  @Get('detailed')
  @HealthCheck({ swaggerDocumentation: false })
  detailed(): HealthReport {
    return failIfDown(buildHealthReport(this.sources, this.rules));
  }

  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.pools.checkCritical()]);
  }
}

function failIfDown<T extends { status: HealthStatus }>(body: T): T {
  if (body.status === 'down') throw new ServiceUnavailableException(body);
  return body;
}

/**
 * The controller under another prefix (`'ops/health'`, leading/trailing slashes ignored). A subclass,
 * so the exported class keeps its own path and two apps in one process can use different prefixes.
 */
export function resilienceHealthControllerAt(path: string): Type<ResilienceHealthController> {
  const prefix = path.replace(/^\/+|\/+$/g, '');
  if (prefix === DEFAULT_HEALTH_PATH) return ResilienceHealthController;
  @Controller(prefix)
  class PrefixedResilienceHealthController extends ResilienceHealthController {}
  return PrefixedResilienceHealthController;
}
