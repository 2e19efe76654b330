/**
 * The extension point for the optional layers written elsewhere (http/, health/, metrics/,
 * logging/). A feature contributes providers, controllers, imports and exports that are merged
 * INTO the root ResilienceModule's dynamic module, so they can inject what it provides
 * (RESILIENCE_CONFIG, the registries, ConnectionPoolManager) without import cycles.
 *
 * A feature file registers itself once at load time:
 *   registerResilienceFeature({ name: 'http', providers: [{ provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor }] });
 * and decides at run time from RESILIENCE_CONFIG whether to act (e.g. `middleware.enabled`), since
 * with forRootAsync the configuration is only known after the module is built. With forRoot it is
 * known earlier, and `providersFor` may drop what the configuration turns off.
 * An application can also pass the list explicitly: `ResilienceModule.forRoot({ ..., features: [...] })`.
 */
import type { DynamicModule, ModuleMetadata, Provider } from '@nestjs/common';
import type { ResolvedResilienceConfig } from './config-bridge.js';

export interface ResilienceFeature {
  /** Unique; registering the same name again replaces the earlier entry. */
  readonly name: string;
  readonly imports?: ModuleMetadata['imports'];
  readonly providers?: Provider[];
  readonly controllers?: ModuleMetadata['controllers'];
  readonly exports?: ModuleMetadata['exports'];
  /**
   * The providers to use when the configuration is known while the module is built (`forRoot`), so a
   * feature can leave out what its config turns off (e.g. global enhancers that every request would
   * pay for). Without it, or with `forRootAsync`, `providers` is used and the feature decides at run time.
   */
  readonly providersFor?: (config: ResolvedResilienceConfig) => Provider[];
}

/** The features with `providersFor` applied to a configuration resolved at build time. */
export function featuresFor(features: readonly ResilienceFeature[], config: ResolvedResilienceConfig): ResilienceFeature[] {
  return features.map((f) => (f.providersFor ? { ...f, providers: f.providersFor(config) } : f));
}

const registered = new Map<string, ResilienceFeature>();

export function registerResilienceFeature(feature: ResilienceFeature): void {
  registered.set(feature.name, feature);
}

/** The features registered so far, in registration order. */
export function registeredResilienceFeatures(): ResilienceFeature[] {
  return [...registered.values()];
}

/** Merges the features into the root module's definition. */
export function featureDefinitions(
  definition: DynamicModule,
  features: readonly ResilienceFeature[] = registeredResilienceFeatures(),
): DynamicModule {
  const merged: DynamicModule = {
    ...definition,
    imports: [...(definition.imports ?? [])],
    providers: [...(definition.providers ?? [])],
    controllers: [...(definition.controllers ?? [])],
    exports: [...(definition.exports ?? [])],
  };
  for (const feature of features) {
    merged.imports!.push(...(feature.imports ?? []));
    merged.providers!.push(...(feature.providers ?? []));
    merged.controllers!.push(...(feature.controllers ?? []));
    merged.exports!.push(...(feature.exports ?? []));
  }
  return merged;
}
