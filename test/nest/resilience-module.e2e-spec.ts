/**
 * ResilienceModule end to end in Nest testing modules: configuration sources and precedence,
 * forRoot/forRootAsync, start-up failures, pools injected by name from a real redis-server, and a
 * decorated controller served over real HTTP.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Injectable, Module, type INestApplication } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  CircuitBreakerRegistry,
  CircuitBreaker,
  ConnectionPoolManager,
  InjectRedisPool,
  RESILIENCE_CONFIG,
  ResilienceModule,
  isResilienceConfigError,
  type RedisConnectionPool,
} from '@app/resilience';
import { isRedisServerInstalled, startRedisServer, type RedisServerHandle } from '../helpers/redis.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'resilience-module-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function yamlFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function registryFor(imports: unknown[]): Promise<{ registry: CircuitBreakerRegistry; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
  await moduleRef.init();
  return { registry: moduleRef.get(CircuitBreakerRegistry), close: () => moduleRef.close() };
}

describe('ResilienceModule configuration', () => {
  it('forRoot: named breakers inherit circuitBreakers.default, and unknown names get the defaults', async () => {
    const { registry, close } = await registryFor([
      ResilienceModule.forRoot({
        configFile: false,
        env: {},
        circuitBreakers: { default: { failureThreshold: 9, recoveryTimeout: 4_000 }, external_api: { recoveryTimeout: 1_000 } },
      }),
    ]);
    try {
      expect(registry.get('external_api').snapshot()).toMatchObject({ failureThreshold: 9, recoveryTimeout: 1_000 });
      expect(registry.get('not_configured').snapshot()).toMatchObject({ failureThreshold: 9, recoveryTimeout: 4_000 });
    } finally {
      await close();
    }
  });

  it('applies environment over YAML over code options', async () => {
    const configFile = yamlFile(
      'precedence.yaml',
      ['resilience:', '  circuit_breakers:', '    default:', '      failure_threshold: 4', '      recovery_timeout: 20', ''].join('\n'),
    );
    const { registry, close } = await registryFor([
      ResilienceModule.forRoot({
        configFile,
        env: { CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '7' },
        circuitBreakers: { default: { failureThreshold: 2, recoveryTimeout: 5_000, halfOpenMaxCalls: 3 } },
      }),
    ]);
    try {
      const snapshot = registry.get('any').snapshot();
      expect(snapshot.failureThreshold).toBe(4); // YAML over code
      expect(snapshot.recoveryTimeout).toBe(7_000); // env over YAML (seconds)
      expect(snapshot.halfOpenMaxCalls).toBe(3); // only code sets it
    } finally {
      await close();
    }
  });

  it('forRootAsync with ConfigService in useFactory, isGlobal for other modules', async () => {
    @Injectable()
    class UsesRegistry {
      constructor(readonly registry: CircuitBreakerRegistry) {}
    }
    @Module({ providers: [UsesRegistry], exports: [UsesRegistry] })
    class FeatureModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ breakerThreshold: 3 })] }),
        ResilienceModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            configFile: false,
            env: {},
            circuitBreakers: { payments: { failureThreshold: config.get<number>('breakerThreshold') } },
          }),
        }),
        FeatureModule,
      ],
    }).compile();
    await moduleRef.init();
    try {
      const fromFeature = moduleRef.get(UsesRegistry).registry;
      expect(fromFeature).toBe(moduleRef.get(CircuitBreakerRegistry));
      expect(fromFeature.get('payments').snapshot().failureThreshold).toBe(3);
      expect(moduleRef.get<{ circuitBreakers: Record<string, unknown> }>(RESILIENCE_CONFIG).circuitBreakers.payments).toMatchObject({
        failureThreshold: 3,
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('fails compile() with one ResilienceConfigError naming the path, for code options, YAML and env', async () => {
    const badYaml = yamlFile('bad.yaml', ['circuit_breakers:', '  external_api:', '    failure_threshold: -3', ''].join('\n'));
    const attempt = Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          configFile: badYaml,
          env: { BULKHEAD_MAX_CONCURRENT: 'lots' },
          circuitBreakers: { api: { failureThreshold: 0 } },
        }),
      ],
    }).compile();
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isResilienceConfigError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('circuitBreakers.api.failureThreshold');
    expect(message).toContain('circuit_breakers.external_api.failure_threshold');
    expect(message).toContain('BULKHEAD_MAX_CONCURRENT');
  });

  it('fails compile() for a missing config file, naming it', async () => {
    const missing = join(dir, 'does-not-exist.yaml');
    await expect(
      Test.createTestingModule({ imports: [ResilienceModule.forRoot({ configFile: missing, env: {} })] }).compile(),
    ).rejects.toThrow('does-not-exist.yaml');
  });
});

describe('ResilienceModule pools', () => {
  const installed = isRedisServerInstalled();
  let redis: RedisServerHandle | undefined;
  beforeAll(async () => {
    if (installed) redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  (installed ? it : it.skip)('injects a Redis pool from the YAML with @InjectRedisPool and closes it on shutdown', async () => {
    const configFile = yamlFile(
      'pools.yaml',
      [
        'resilience:',
        '  connection_pools:',
        '    redis:',
        '      main_cache:',
        `        url: ${redis!.url}`,
        '        max_connections: 2',
        '        health_check_interval: 3600',
        '',
      ].join('\n'),
    );
    @Injectable()
    class Cache {
      constructor(@InjectRedisPool('main_cache') readonly pool: RedisConnectionPool) {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ configFile, env: {} })],
      providers: [Cache],
    }).compile();
    await moduleRef.init();
    const pool = moduleRef.get(Cache).pool;
    expect(pool).toBe(moduleRef.get(ConnectionPoolManager).getRedisPool('main_cache'));
    await pool.client.set('resilience-module:key', 'value');
    await expect(pool.client.get('resilience-module:key')).resolves.toBe('value');
    await moduleRef.close();
    await expect(pool.client.get('resilience-module:key')).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });
});

describe('decorated controller over HTTP', () => {
  @Controller('orders')
  class OrdersController {
    handled = 0;
    @Get()
    @CircuitBreaker('orders')
    async list(): Promise<{ orders: string[] }> {
      this.handled++;
      return { orders: ['o1'] };
    }
  }

  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ configFile: false, env: {} })],
      controllers: [OrdersController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });

  it('routes requests through the breaker (the route is bound to the wrapped method)', async () => {
    const controller = app.get(OrdersController);
    const breaker = app.get(CircuitBreakerRegistry).get('orders');
    const ok = await fetch(`${base}/orders`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ orders: ['o1'] });
    expect(breaker.snapshot().successCount).toBe(1);

    breaker.forceOpen();
    const handledBefore = controller.handled;
    const rejected = await fetch(`${base}/orders`);
    expect(rejected.status).toBeGreaterThanOrEqual(500);
    expect(controller.handled).toBe(handledBefore);
    expect(breaker.snapshot().rejectedCount).toBe(1);
  });
});
