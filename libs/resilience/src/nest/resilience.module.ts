/**
 * The root module: `ResilienceModule.forRoot(options)` / `forRootAsync({ imports, inject, useFactory })`.
 *
 * Provides RESILIENCE_CONFIG (the resolved configuration: defaults < code options < YAML < env; an
 * invalid configuration fails start-up with one ResilienceConfigError listing every problem), the
 * registries (CircuitBreakerRegistry, BulkheadRegistry, RetryRegistry, TimeoutRegistry), the
 * ConnectionPoolManager with the configured pools and a provider per pool, and the explorer that
 * wraps decorated methods. Optional layers plug in through resilience-features.ts.
 *
 * Import it once, in the root module, with `isGlobal: true` so every module can inject the
 * registries. Importing the same `forRoot(...)` result in several modules is safe (Nest builds one
 * instance of identical dynamic modules, and the explorer never wraps a method twice); importing
 * forRoot with DIFFERENT options twice gives two sets of registries, which is rarely what you want.
 */
import {
  Inject,
  Module,
  Optional,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import { BulkheadRegistry } from './bulkhead.registry.js';
import { CircuitBreakerRegistry } from './circuit-breaker.registry.js';
import { resolveResilienceConfig, type ResolvedResilienceConfig } from './config-bridge.js';
import { poolManagerProvider, poolProviders } from './pool-providers.js';
import { poolNamesOf } from './pool-names.js';
import { MethodDurationRegistry } from './method-durations.registry.js';
import { ResilienceExplorer } from './resilience-explorer.js';
import { featuresFor, registeredResilienceFeatures } from './resilience-features.js';
import {
  RESILIENCE_ASYNC_OPTIONS_TYPE,
  RESILIENCE_MODULE_OPTIONS,
  RESILIENCE_OPTIONS_TYPE,
  ResilienceConfigurableModule,
} from './resilience-module-definition.js';
import type { ResilienceModuleOptions } from './resilience-module-options.js';
import { RetryRegistry } from './retry.registry.js';
import { TimeoutRegistry } from './timeout.registry.js';
import { RESILIENCE_CONFIG, ROUTE_BINDER } from './tokens.js';

const configProvider = {
  provide: RESILIENCE_CONFIG,
  useFactory: (moduleOptions: ResilienceModuleOptions) => {
    const { configFile, env, ...options } = moduleOptions ?? {};
    return resolveResilienceConfig({ options, configFile, env: env ?? process.env });
  },
  inject: [RESILIENCE_MODULE_OPTIONS],
};

const REGISTRIES = [CircuitBreakerRegistry, BulkheadRegistry, RetryRegistry, TimeoutRegistry, MethodDurationRegistry];

@Module({
  imports: [DiscoveryModule],
  providers: [configProvider, ...REGISTRIES, poolManagerProvider(), ResilienceExplorer],
  exports: [RESILIENCE_CONFIG, ...REGISTRIES, ConnectionPoolManager, ResilienceExplorer],
})
export class ResilienceModule extends ResilienceConfigurableModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(ResilienceExplorer) private readonly explorer: ResilienceExplorer,
    @Inject(ConnectionPoolManager) private readonly pools: ConnectionPoolManager,
    @Optional() @Inject(ROUTE_BINDER) private readonly routeBinder?: { bindRoutes(): void },
  ) {
    super();
  }

  static forRoot(options: typeof RESILIENCE_OPTIONS_TYPE): DynamicModule {
    const config = configKnownAtBuild(options);
    const features = config === undefined ? options.features : featuresFor(options.features ?? registeredResilienceFeatures(), config);
    return withPoolProviders(super.forRoot({ ...options, features }), poolNamesOf(options, options.pools));
  }

  static forRootAsync(options: typeof RESILIENCE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withPoolProviders(super.forRootAsync(options), poolNamesOf(undefined, options.pools));
  }

  /** Runs before Nest binds HTTP routes to instance methods: the last moment to wrap controllers. */
  configure(_consumer: MiddlewareConsumer): void {
    this.explorer.explore();
    this.routeBinder?.bindRoutes(); // the HTTP layer, when its feature is on: routes outside their methods' own policies
  }

  /** Closes every pool (drained, bounded by each pool's drainTimeout). Call `app.enableShutdownHooks()` for signals. */
  async onApplicationShutdown(): Promise<void> {
    await this.pools.close();
  }
}

/**
 * forRoot's configuration, resolved while the module is built so features can leave out what it
 * turns off. An invalid configuration gives undefined here: the RESILIENCE_CONFIG provider then
 * fails start-up with the full error, at init as usual, not while the app's modules are imported.
 */
function configKnownAtBuild(options: ResilienceModuleOptions): ResolvedResilienceConfig | undefined {
  try {
    return configProvider.useFactory(options);
  } catch {
    return undefined;
  }
}

function withPoolProviders(definition: DynamicModule, names: { http: string[]; redis: string[] }): DynamicModule {
  const providers = poolProviders(names);
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...providers.map((p) => p.provide)],
  };
}
