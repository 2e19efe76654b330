import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ResilienceModule } from '@app/resilience';
import { AdminController } from './admin/admin.controller.js';
import { AdminTokenGuard } from './admin/admin-token.guard.js';
import { CacheController } from './cache/cache.controller.js';
import { CacheService } from './cache/cache.service.js';
import { AppExceptionFilter } from './common/app-exception.filter.js';
import { ErrorProneController } from './error-prone/error-prone.controller.js';
import { ErrorProneService } from './error-prone/error-prone.service.js';
import { ExternalDataController } from './external-data/external-data.controller.js';
import { ExternalDataService } from './external-data/external-data.service.js';
import { LastGoodAnswerStore } from './external-data/last-good-answer.store.js';
import { HeavyComputationController } from './heavy-computation/heavy-computation.controller.js';
import { HeavyComputationService } from './heavy-computation/heavy-computation.service.js';
import { APP_SETTINGS, type AppSettings } from './settings/app-settings.js';

export interface AppModuleOptions {
  settings: AppSettings;
  /** The YAML the resilience configuration loads. */
  configFile: string;
  /** The environment the resilience configuration reads (the process's, plus the embedded dependencies). */
  env: Record<string, string | undefined>;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [ResilienceModule.forRoot({ configFile: options.configFile, env: options.env, isGlobal: true })],
      controllers: [ExternalDataController, CacheController, HeavyComputationController, ErrorProneController, AdminController],
      providers: [
        { provide: APP_SETTINGS, useValue: options.settings },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        AdminTokenGuard,
        ExternalDataService,
        LastGoodAnswerStore,
        CacheService,
        HeavyComputationService,
        ErrorProneService,
      ],
    };
  }
}
