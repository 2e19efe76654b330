/**
 * The logging feature of ResilienceModule: attaches a `ResilienceEventLogger` to every breaker and
 * bulkhead (existing ones and those the registries create later) and every pool at init.
 * Events go through `new Logger('Resilience')`, so they follow the app's logger; with
 * `logging.json` (or `LOG_FORMAT=json`) they go through a JSON `ConsoleLogger` instead, one object
 * per line. For the whole app in JSON, pass `createResilienceLogger()` to `NestFactory.create`.
 * Provide `RESILIENCE_EVENT_LOGGER` (a LoggerService) to send events elsewhere.
 */
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type FactoryProvider,
  type LoggerService,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import { HTTP_ROUTE_BREAKER_FACTORY } from '../http/http-tokens.js';
import type { RouteBreakerFactory } from '../http/route-resilience.registry.js';
import type { ManagedPool } from '../core/pools/pool-types.js';
import { BulkheadRegistry } from '../nest/bulkhead.registry.js';
import { CircuitBreakerRegistry } from '../nest/circuit-breaker.registry.js';
import { registerResilienceFeature, type ResilienceFeature } from '../nest/resilience-features.js';
import { RESILIENCE_CONFIG } from '../nest/tokens.js';
import type { ObservabilityConfig } from '../metrics/observability-config.js';
import { RESILIENCE_LOGGER_CONTEXT, ResilienceEventLogger, type WatchableBulkhead } from './resilience-event-logger.js';
import { createResilienceLogger } from './resilience-logger-factory.js';

export const RESILIENCE_EVENT_LOGGER = Symbol.for('nest-resilience.event-logger');

@Injectable()
export class ResilienceLogBridge implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly events: ResilienceEventLogger;
  private readonly disposers: (() => void)[] = [];

  constructor(
    @Inject(RESILIENCE_CONFIG) config: ObservabilityConfig,
    @Inject(CircuitBreakerRegistry) private readonly breakers: CircuitBreakerRegistry,
    @Inject(BulkheadRegistry) private readonly bulkheads: BulkheadRegistry,
    @Inject(ConnectionPoolManager) private readonly pools: ConnectionPoolManager,
    @Optional() @Inject(RESILIENCE_EVENT_LOGGER) logger?: LoggerService,
  ) {
    const json = config.logging?.json ?? false;
    this.events = new ResilienceEventLogger({
      logger:
        logger ??
        (json ? createResilienceLogger({ json: true, context: RESILIENCE_LOGGER_CONTEXT }) : new Logger(RESILIENCE_LOGGER_CONTEXT)),
      sampleRejectionsMs: config.logging?.sampleRejectionsMs,
    });
  }

  onModuleInit(): void {
    for (const b of this.breakers.getAll()) this.events.watchCircuitBreaker(b);
    for (const b of this.bulkheads.getAll()) this.events.watchBulkhead(b as WatchableBulkhead);
    this.disposers.push(
      this.breakers.onCreate((b) => this.events.watchCircuitBreaker(b)),
      this.bulkheads.onCreate((b) => this.events.watchBulkhead(b as WatchableBulkhead)),
    );
    this.watchPools();
  }

  /** Pools created by other modules' init hooks are picked up here (watching twice is harmless). */
  onApplicationBootstrap(): void {
    this.watchPools();
  }

  onModuleDestroy(): void {
    for (const off of this.disposers.splice(0)) off();
    this.events.dispose();
  }

  private watchPools(): void {
    for (const pool of this.pools.list() as ManagedPool[]) this.events.watchPool(pool);
  }
}

/**
 * The HTTP layer's per-route breakers are made outside CircuitBreakerRegistry (their options are
 * per route); this factory has the bridge watch each one, so `route:GET /x` opening is logged too.
 */
const routeBreakerFactory: FactoryProvider<RouteBreakerFactory> = {
  provide: HTTP_ROUTE_BREAKER_FACTORY,
  useFactory: (bridge: ResilienceLogBridge) => (options: CircuitBreakerOptions) => {
    const breaker = new CircuitBreakerPolicy(options);
    bridge.events.watchCircuitBreaker(breaker);
    return breaker;
  },
  inject: [ResilienceLogBridge],
};

export const RESILIENCE_LOGGING_FEATURE: ResilienceFeature = {
  name: 'logging',
  providers: [ResilienceLogBridge, routeBreakerFactory],
  exports: [ResilienceLogBridge],
};

registerResilienceFeature(RESILIENCE_LOGGING_FEATURE);
