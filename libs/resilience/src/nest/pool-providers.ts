/**
 * The connection pools of `connectionPools.*`: one ConnectionPoolManager per application, the pools
 * created when it is built (so a bad pool option fails start-up), and one provider per pool under
 * `getHttpPoolToken(name)` / `getRedisPoolToken(name)` so `@InjectRedisPool('main_cache')` works.
 *
 * Pool names must be known when the module is built to declare their providers. With `forRoot`
 * they are read from the code options; with `forRootAsync`, or for pools that only the YAML file or
 * the environment define, inject `ConnectionPoolManager` and call `getRedisPool(name)`, or list
 * the names in `forRoot*({ ..., })`'s code options as well (the YAML then fills in the values).
 */
import type { FactoryProvider } from '@nestjs/common';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import type { ResolvedConnectionPoolsConfig } from '../config/schema/connection-pools.schema.js';
import { getHttpPoolToken, getRedisPoolToken } from './pool-injection.js';
import { RESILIENCE_CONFIG } from './tokens.js';

/** Creates the manager and every configured pool. */
export function createPoolManager(pools: ResolvedConnectionPoolsConfig | undefined): ConnectionPoolManager {
  const manager = new ConnectionPoolManager();
  try {
    for (const [name, { critical: _critical, ...options }] of Object.entries(pools?.http ?? {})) manager.createHttpPool(name, options);
    for (const [name, { critical: _critical, clusterNodes, sentinels, ...options }] of Object.entries(pools?.redis ?? {})) {
      manager.createRedisPool(name, { ...options, ...(clusterNodes ? { clusterNodes } : {}), ...(sentinels ? { sentinels } : {}) });
    }
  } catch (error) {
    void manager.close();
    throw error;
  }
  return manager;
}

export function poolManagerProvider(): FactoryProvider<ConnectionPoolManager> {
  return {
    provide: ConnectionPoolManager,
    useFactory: (config: { connectionPools?: ResolvedConnectionPoolsConfig }) => createPoolManager(config.connectionPools),
    inject: [RESILIENCE_CONFIG],
  };
}

/** One provider per pool name given in code options. */
export function poolProviders(names: { http?: readonly string[]; redis?: readonly string[] }): FactoryProvider[] {
  return [
    ...(names.http ?? []).map((name) => ({
      provide: getHttpPoolToken(name),
      useFactory: (manager: ConnectionPoolManager) => manager.getHttpPool(name),
      inject: [ConnectionPoolManager],
    })),
    ...(names.redis ?? []).map((name) => ({
      provide: getRedisPoolToken(name),
      useFactory: (manager: ConnectionPoolManager) => manager.getRedisPool(name),
      inject: [ConnectionPoolManager],
    })),
  ];
}
