import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { resolveResilienceConfig } from './resolve-config.js';
import { breakerOptions, bulkheadOptions, retryOptions, timeoutOptions } from './instance-options.js';
import { DEFAULTS } from './defaults.js';
import { describeConfigKeys } from './describe-config-keys.js';
import { TempConfigDir } from './config-test-files.js';
import { httpOptionsFromConfig } from '../http/http-resilience.feature.js';
import { resolveHttpResilienceOptions } from '../http/http-options.js';
import { resolveCircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const tmp = new TempConfigDir();
afterAll(() => tmp.remove());

const resolveWith = (args: Parameters<typeof resolveResilienceConfig>[0] = {}) =>
  resolveResilienceConfig({ cwd: tmp.dir, env: {}, configFile: false, ...args });

describe('resolveResilienceConfig', () => {
  it('returns the defaults when nothing is configured', () => {
    const config = resolveWith();
    const { configFile, ...tree } = config;
    expect(configFile).toBeNull();
    expect(tree).toEqual(DEFAULTS);
    expect(config.circuitBreakers.default).toMatchObject({
      failureThreshold: 5,
      recoveryTimeout: 30_000,
      slidingWindow: { type: 'consecutive' },
    });
    expect(config.middleware).toMatchObject({ enabled: false, timeout: 30_000, rateLimit: false, exclude: ['/health', '/metrics'] });
    expect(Object.isFrozen(DEFAULTS.circuitBreakers.default)).toBe(true);
  });

  it('loads the example app seed YAML clean, under its `resilience:` root', () => {
    const config = resolveResilienceConfig({ cwd: repoRoot, configFile: 'apps/example/config/resilience.yaml', env: {} });
    expect(config.configFile).toBe(resolve(repoRoot, 'apps/example/config/resilience.yaml'));
    expect(config.connectionPools.http.external_api).toMatchObject({
      baseUrl: 'http://localhost:8001',
      maxConnections: 100,
      maxConnectionsPerHost: 20,
      connectionTimeout: 5_000,
      readTimeout: 30_000,
      healthCheckInterval: 30_000,
      healthCheckPath: '/health',
    });
    expect(config.connectionPools.redis.main_cache).toMatchObject({
      host: 'localhost',
      port: 6379,
      db: 0,
      maxConnections: 50,
      healthCheckInterval: 30_000,
    });
    expect(config.circuitBreakers.external_api).toMatchObject({ failureThreshold: 3, recoveryTimeout: 60_000 });
    expect(config.circuitBreakers.error_prone).toMatchObject({ failureThreshold: 3, recoveryTimeout: 10_000 });
    expect(config.circuitBreakers.cache).toMatchObject({ failureThreshold: 5, recoveryTimeout: 15_000 });
    expect(config.bulkheads.heavy_computation).toEqual({ type: 'worker', maxConcurrent: 3, maxQueue: 5 });
    expect(config.bulkheads.external_api).toEqual({ type: 'semaphore', maxConcurrent: 20, maxQueue: 50 });
    expect(config.middleware).toMatchObject({
      enabled: true,
      timeout: 30_000,
      rateLimit: { requests: 100, window: 60_000, store: 'memory' },
      bulkhead: { maxConcurrent: 100, maxQueue: 50 },
      exclude: ['/health', '/metrics'],
    });
    expect(config.middleware.circuitBreaker).toEqual(config.circuitBreakers.default);
    expect(config.health).toEqual({ enabled: true, path: 'health', criticalPools: ['main_cache'] });
    expect(config.metrics).toMatchObject({ enabled: true, path: 'metrics' });
  });

  it('reads config/resilience.yaml under cwd when no file is named, and nothing when configFile is false', () => {
    const dir = new TempConfigDir();
    try {
      dir.write('config/resilience.yaml', 'bulkheads:\n  default:\n    max_concurrent: 7\n');
      expect(resolveResilienceConfig({ cwd: dir.dir, env: {} }).bulkheads.default.maxConcurrent).toBe(7);
      expect(resolveResilienceConfig({ cwd: dir.dir, env: {}, configFile: false }).bulkheads.default.maxConcurrent).toBe(10);
    } finally {
      dir.remove();
    }
  });

  it('makes every named instance inherit `default`, key by key', () => {
    const config = resolveWith({
      options: {
        circuitBreakers: { default: { failureThreshold: 4, recoveryTimeout: 10_000, jitter: 0.2 }, payments: { recoveryTimeout: '1m' } },
        bulkheads: { default: { maxConcurrent: 4, maxQueue: 2 }, reports: { maxQueue: 9 } },
        retries: { default: { maxAttempts: 5, backoff: { initialDelayMs: 50 } }, flaky: { backoff: { jitter: 'none' } } },
        timeouts: { default: { timeoutMs: 2_000 }, slow: { timeoutMs: '10s' } },
      },
    });
    expect(breakerOptions(config, 'payments')).toMatchObject({
      name: 'payments',
      failureThreshold: 4,
      recoveryTimeout: 60_000,
      jitter: 0.2,
    });
    // A name that is not configured gets `default` (named after itself).
    expect(breakerOptions(config, 'unlisted')).toMatchObject({ name: 'unlisted', failureThreshold: 4, recoveryTimeout: 10_000 });
    expect(bulkheadOptions(config, 'reports')).toEqual({ name: 'reports', type: 'semaphore', maxConcurrent: 4, maxQueue: 9 });
    expect(retryOptions(config, 'flaky')).toMatchObject({
      name: 'flaky',
      maxAttempts: 5,
      backoff: { initialDelayMs: 50, maxDelayMs: 10_000, multiplier: 2, jitter: 'none' },
    });
    expect(timeoutOptions(config, 'slow')).toEqual({ name: 'slow', timeoutMs: 10_000 });
    expect(timeoutOptions(config, 'other')).toEqual({ name: 'other', timeoutMs: 2_000 });
    // The helpers hand out copies: changing one never changes the config.
    breakerOptions(config, 'payments').slidingWindow!.type = 'time';
    expect(config.circuitBreakers.payments.slidingWindow.type).toBe('consecutive');
  });

  it('applies precedence defaults < code options < YAML file < environment, per key', () => {
    const file = tmp.write(
      'precedence.yaml',
      [
        'circuit_breakers:',
        '  default:',
        '    failure_threshold: 7',
        '    recovery_timeout: 20',
        'bulkheads:',
        '  default:',
        '    max_queue: 3',
      ].join('\n'),
    );
    const options = {
      circuitBreakers: { default: { failureThreshold: 2, recoveryTimeout: 1_000, halfOpenMaxCalls: 2 } },
      bulkheads: { default: { maxConcurrent: 6 } },
    };
    const codeOnly = resolveWith({ options });
    expect(codeOnly.circuitBreakers.default).toMatchObject({ failureThreshold: 2, recoveryTimeout: 1_000, halfOpenMaxCalls: 2, jitter: 0 });

    const withYaml = resolveWith({ options, configFile: file });
    expect(withYaml.circuitBreakers.default).toMatchObject({ failureThreshold: 7, recoveryTimeout: 20_000, halfOpenMaxCalls: 2 });
    expect(withYaml.bulkheads.default).toMatchObject({ maxConcurrent: 6, maxQueue: 3 });

    const withEnv = resolveWith({
      options,
      configFile: file,
      env: {
        CIRCUIT_BREAKER_FAILURE_THRESHOLD: '9',
        CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '45',
        BULKHEAD_MAX_CONCURRENT: '12',
        LOG_FORMAT: 'json',
      },
    });
    expect(withEnv.circuitBreakers.default).toMatchObject({ failureThreshold: 9, recoveryTimeout: 45_000, halfOpenMaxCalls: 2 });
    expect(withEnv.bulkheads.default).toMatchObject({ maxConcurrent: 12, maxQueue: 3 });
    expect(withEnv.logging.json).toBe(true);
  });

  it('sends the REDIS_* variables to main_cache, else the only redis pool, else creates main_cache', () => {
    const env = { REDIS_HOST: 'cache.internal', REDIS_PORT: '6380', REDIS_DB: '2' };
    const twoPools = resolveWith({ env, options: { connectionPools: { redis: { main_cache: {}, sessions: { host: 'other' } } } } });
    expect(twoPools.connectionPools.redis.main_cache).toMatchObject({ host: 'cache.internal', port: 6380, db: 2 });
    expect(twoPools.connectionPools.redis.sessions.host).toBe('other');

    const onlyPool = resolveWith({ env, options: { connectionPools: { redis: { sessions: { url: 'redis://old:6379' } } } } });
    // REDIS_HOST without REDIS_URL drops the configured url, which would otherwise win over host/port.
    expect(onlyPool.connectionPools.redis.sessions).toMatchObject({ host: 'cache.internal', port: 6380 });
    expect(onlyPool.connectionPools.redis.sessions.url).toBeUndefined();

    const none = resolveWith({ env: { REDIS_URL: 'redis://:pw@127.0.0.1:7000/1' } });
    expect(Object.keys(none.connectionPools.redis)).toEqual(['main_cache']);
    expect(none.connectionPools.redis.main_cache.url).toBe('redis://:pw@127.0.0.1:7000/1');
  });

  it('sends EXTERNAL_API_* to the external_api http pool (timeout in seconds or with a unit)', () => {
    const config = resolveWith({
      options: { connectionPools: { http: { external_api: { baseUrl: 'http://localhost:1', readTimeout: 100 } } } },
      env: { EXTERNAL_API_BASE_URL: 'http://127.0.0.1:9001', EXTERNAL_API_TIMEOUT: '2.5' },
    });
    expect(config.connectionPools.http.external_api).toMatchObject({ baseUrl: 'http://127.0.0.1:9001', readTimeout: 2_500 });
    expect(
      resolveWith({ env: { EXTERNAL_API_BASE_URL: 'http://x:1', EXTERNAL_API_TIMEOUT: '750ms' } }).connectionPools.http.external_api
        .readTimeout,
    ).toBe(750);
  });

  it('reads a bare duration as seconds in YAML and env, as milliseconds in code, and units the same everywhere', () => {
    const file = tmp.write(
      'durations.yaml',
      [
        'circuit_breakers:',
        '  a: { recovery_timeout: 60 }',
        '  b: { recovery_timeout: "500ms" }',
        '  c: { recovery_timeout: 1.5 }',
        'bulkheads:',
        '  a: { max_wait_ms: 250 }',
        'timeouts:',
        '  a: { timeout_ms: 2s }',
      ].join('\n'),
    );
    const yaml = resolveWith({ configFile: file });
    expect([yaml.circuitBreakers.a, yaml.circuitBreakers.b, yaml.circuitBreakers.c].map((b) => b.recoveryTimeout)).toEqual([
      60_000, 500, 1_500,
    ]);
    // Keys ending in _ms say their unit: milliseconds even in YAML.
    expect(yaml.bulkheads.a.maxWaitMs).toBe(250);
    expect(yaml.timeouts.a.timeoutMs).toBe(2_000);

    const code = resolveWith({
      options: {
        circuitBreakers: { a: { recoveryTimeout: 60 }, b: { recoveryTimeout: '60s' } },
        middleware: { timeout: '2m', rateLimit: { window: '1h' } },
      },
    });
    expect(code.circuitBreakers.a.recoveryTimeout).toBe(60);
    expect(code.circuitBreakers.b.recoveryTimeout).toBe(60_000);
    expect(code.middleware.timeout).toBe(120_000);
    expect(code.middleware.rateLimit).toMatchObject({ window: 3_600_000 });
    expect(resolveWith({ options: { middleware: { timeout: false } } }).middleware.timeout).toBe(false);
  });

  it('maps snake_case YAML keys to camelCase and keeps instance names and header names as written', () => {
    const file = tmp.write(
      'mapping.yaml',
      [
        'connection_pools:',
        '  http:',
        '    Billing-API:',
        '      base_url: https://billing.example',
        '      max_connections_per_host: 4',
        '      default_headers: { X-Api-Key: k, accept_language: en }',
        '  redis:',
        '    sessionStore:',
        '      cluster_nodes: ["10.0.0.1:7000", { host: 10.0.0.2, port: 7001 }]',
        '      enable_auto_pipelining: true',
        'middleware:',
        '  rate_limit: { requests: 5, window: 1, store: redis, trust_proxy: true }',
      ].join('\n'),
    );
    const config = resolveWith({ configFile: file });
    expect(config.connectionPools.http['Billing-API']).toMatchObject({
      baseUrl: 'https://billing.example',
      maxConnectionsPerHost: 4,
      defaultHeaders: { 'X-Api-Key': 'k', accept_language: 'en' },
    });
    expect(config.connectionPools.redis.sessionStore).toMatchObject({
      clusterNodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      enableAutoPipelining: true,
    });
    // The redis store picks the only redis pool.
    expect(config.middleware.rateLimit).toMatchObject({
      requests: 5,
      window: 1_000,
      store: 'redis',
      redisPool: 'sessionStore',
      trustProxy: true,
    });
  });

  it('lets YAML express every HTTP-layer option that is not a function: per-route bulkheads, store timeout, proxies, headers', () => {
    const file = tmp.write(
      'http-layer.yaml',
      [
        'middleware:',
        '  rate_limit: { requests: 5, window: 1, trust_proxy: 2, store_timeout_ms: 100, key_prefix: "app:", headers: false }',
        '  bulkhead: { max_concurrent: 50, per_route: { max_concurrent: 5, max_queue: 2, max_wait_ms: 1s } }',
      ].join('\n'),
    );
    const config = resolveWith({ configFile: file });
    const http = resolveHttpResilienceOptions(httpOptionsFromConfig(config.middleware));
    expect(http.rateLimit).toMatchObject({ trustProxy: 2, storeTimeoutMs: 100, keyPrefix: 'app:', headers: false });
    expect(http.bulkhead).toMatchObject({ maxConcurrent: 50, perRoute: { maxConcurrent: 5, maxQueue: 2, maxWaitMs: 1_000 } });
  });

  it('hands the core breaker options it accepts, for every breaker of the seed and for each window type', () => {
    const seed = resolveResilienceConfig({ cwd: repoRoot, configFile: 'apps/example/config/resilience.yaml', env: {} });
    for (const name of Object.keys(seed.circuitBreakers)) {
      expect(resolveCircuitBreakerOptions(breakerOptions(seed, name))).toMatchObject({
        name,
        failureThreshold: seed.circuitBreakers[name].failureThreshold,
      });
    }
    const windows = resolveWith({
      options: {
        circuitBreakers: {
          default: { slidingWindow: { type: 'consecutive', size: 4 } },
          counted: { slidingWindow: { type: 'count', size: 20 }, minimumCalls: 10, maxRecoveryTimeout: '5m' },
          timed: { slidingWindow: { type: 'time', size: 30 }, slowCallDurationThreshold: '2s' },
        },
      },
    });
    // A consecutive window's size is its threshold: given alone, it sets failureThreshold.
    expect(resolveCircuitBreakerOptions(breakerOptions(windows, 'default'))).toMatchObject({
      windowType: 'consecutive',
      failureThreshold: 4,
    });
    expect(resolveCircuitBreakerOptions(breakerOptions(windows, 'counted'))).toMatchObject({
      windowType: 'count',
      windowSize: 20,
      minimumCalls: 10,
      maxRecoveryTimeout: 300_000,
    });
    expect(resolveCircuitBreakerOptions(breakerOptions(windows, 'timed'))).toMatchObject({
      windowType: 'time',
      windowSize: 30,
      slowCallDurationThreshold: 2_000,
    });
  });

  it('accepts a file without the `resilience:` root', () => {
    const file = tmp.write('flat.yaml', 'logging:\n  json: true\n');
    expect(resolveWith({ configFile: file }).logging.json).toBe(true);
  });

  it('ignores the module-only keys that come along with forRoot options', () => {
    const options = { configFile: 'x.yaml', isGlobal: true, env: {}, bulkheads: { default: { maxConcurrent: 3 } } };
    expect(resolveWith({ options: options as never }).bulkheads.default.maxConcurrent).toBe(3);
  });

  it('describes every key with its default, from the schema', () => {
    const rows = describeConfigKeys();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(rows.length).toBeGreaterThan(80);
    expect(byKey.get('circuit_breakers.<name>.recovery_timeout')).toMatchObject({
      default: '30s',
      env: 'CIRCUIT_BREAKER_RECOVERY_TIMEOUT',
    });
    expect(byKey.get('connection_pools.redis.<name>.port')).toMatchObject({ default: '6379', env: 'REDIS_PORT' });
    expect(byKey.get('middleware.rate_limit.requests')?.default).toBe('100');
    expect(byKey.get('middleware.timeout')?.default).toBe('30s');
    expect(rows.every((r) => r.description.length > 0)).toBe(true);
  });
});
