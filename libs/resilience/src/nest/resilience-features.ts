/**
 * The extension point for the optional layers written elsewhere (http/, health/, metrics/,
 * logging/). A feature contributes providers, controllers, imports and exports that are merged
 * INTO the root ResilienceModule's dynamic module, so they can inject what it provides
 * (RESILIENCE_CONFIG, the registries, ConnectionPoolManager) without import cycles.
 *
 * A feature file registers itself once at load time:
 *   registerResilienceFeature({ name: 'http', providers: [{ provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor }] });
 * and decides at run time from RESILIENCE_CONFIG whether to act (e.g. `middleware.enabled`), since
 * with forRootAsync the configuration is only known after the module is built.
 * An application can also pass the list explicitly: `ResilienceModule.forRoot({ ..., features: [...] })`.
 */
import type { DynamicModule, ModuleMetadata, Provider } from '@nestjs/common';

export interface ResilienceFeature {
  /** Unique; registering the same name again replaces the earlier entry. */
  readonly name: string;
  readonly imports?: ModuleMetadata['imports'];
  readonly providers?: Provider[];
  readonly controllers?: ModuleMetadata['controllers'];
  readonly exports?: ModuleMetadata['exports'];
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
