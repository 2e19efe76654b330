/**
 * `ResilienceModule`'s generated half: `forRoot(options)` and `forRootAsync({ imports, inject,
 * useFactory | useClass | useExisting })`, both taking the `isGlobal` extra, and the token under
 * which the raw module options are provided.
 */
import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import type { ResilienceModuleOptions } from './resilience-module-options.js';
import { featureDefinitions, type ResilienceFeature } from './resilience-features.js';

export interface ResilienceModuleExtras {
  /** Registers the module globally, so every module can inject the registries. Default false. */
  isGlobal?: boolean;
  /**
   * The optional features (HTTP layer, health, metrics, logging) to include. Default: every
   * feature registered with `registerResilienceFeature` (see resilience-features.ts).
   */
  features?: readonly ResilienceFeature[];
  /**
   * Pool names to declare `@InjectHttpPool`/`@InjectRedisPool` providers for, when they cannot be
   * read at build time (forRootAsync). forRoot finds them in the code options and the YAML file.
   */
  pools?: { http?: readonly string[]; redis?: readonly string[] };
}

export const {
  ConfigurableModuleClass: ResilienceConfigurableModule,
  MODULE_OPTIONS_TOKEN: RESILIENCE_MODULE_OPTIONS,
  OPTIONS_TYPE: RESILIENCE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESILIENCE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ResilienceModuleOptions>({ moduleName: 'Resilience' })
  .setClassMethodName('forRoot')
  .setExtras<ResilienceModuleExtras>({ isGlobal: false, features: undefined, pools: undefined }, (definition: DynamicModule, extras) =>
    featureDefinitions({ ...definition, global: extras.isGlobal }, extras.features),
  )
  .build();
