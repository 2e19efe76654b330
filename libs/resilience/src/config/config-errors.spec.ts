import { isResilienceConfigError, type ConfigIssue } from '../core/errors.js';
import { resolveResilienceConfig, type ResolveResilienceConfigInput } from './resolve-config.js';
import { TempConfigDir } from './config-test-files.js';

const tmp = new TempConfigDir();
afterAll(() => tmp.remove());

interface BrokenCase {
  name: string;
  /** YAML text, written to a temp file named `<case>.yaml` and passed as configFile. */
  yaml?: string;
  options?: unknown;
  env?: Record<string, string>;
  configFile?: string;
  /** [exact path, start of the message (the rule)] of every problem expected, in any order. */
  expected: [path: string, rule: string][];
}

const cases: BrokenCase[] = [
  {
    name: 'yaml integer below its minimum',
    yaml: 'resilience:\n  circuit_breakers:\n    external_api:\n      failure_threshold: -3\n',
    expected: [['circuit_breakers.external_api.failure_threshold', 'must be an integer >= 1, got -3 (FILE line 4, column 26)']],
  },
  {
    name: 'yaml syntax error, with line and column',
    yaml: 'circuit_breakers:\n  default:\n    failure_threshold: [5\n  other: 1\n',
    expected: [['FILE', 'YAML syntax error at line 4, column']],
  },
  {
    name: 'yaml duplicate key',
    yaml: 'bulkheads:\n  default:\n    max_concurrent: 1\n    max_concurrent: 2\n',
    expected: [['FILE', 'YAML syntax error at line 4, column 5: Map keys must be unique']],
  },
  {
    name: 'missing config file given explicitly',
    configFile: 'config/nowhere.yaml',
    expected: [['config/nowhere.yaml', 'config file not found (looked for ']],
  },
  {
    name: 'yaml unknown key with a did-you-mean',
    yaml: 'circuit_breakers:\n  default:\n    failur_threshold: 3\n',
    expected: [['circuit_breakers.default.failur_threshold', "is not a known key; did you mean 'failure_threshold'?"]],
  },
  {
    name: 'yaml camelCase key where snake_case is expected',
    yaml: 'bulkheads:\n  default:\n    maxConcurrent: 3\n',
    expected: [['bulkheads.default.maxConcurrent', "is not a known key; did you mean 'max_concurrent'?"]],
  },
  {
    name: 'yaml unknown top-level section',
    yaml: 'circuit_breaker:\n  default: {}\n',
    expected: [['circuit_breaker', "is not a known key; did you mean 'circuit_breakers'?"]],
  },
  {
    name: 'yaml unknown key without a close match lists the known ones',
    yaml: 'logging:\n  colour: true\n',
    expected: [['logging.colour', 'is not a known key (known here: json, sample_rejections_ms)']],
  },
  {
    name: 'yaml wrong type',
    yaml: 'bulkheads:\n  external_api:\n    max_concurrent: ten\n',
    expected: [['bulkheads.external_api.max_concurrent', 'must be an integer >= 1, got "ten"']],
  },
  {
    name: 'yaml bad duration',
    yaml: 'circuit_breakers:\n  default:\n    recovery_timeout: 5 parsecs\n',
    expected: [
      [
        'circuit_breakers.default.recovery_timeout',
        'must be a duration > 0 (a number of seconds or a string like "500ms", "30s", "2m", "1h"), got "5 parsecs"',
      ],
    ],
  },
  {
    name: 'yaml value outside an enum',
    yaml: 'bulkheads:\n  heavy:\n    type: threads\n',
    expected: [['bulkheads.heavy.type', "must be one of 'semaphore', 'worker', got \"threads\""]],
  },
  {
    name: 'yaml percentage out of range',
    yaml: 'circuit_breakers:\n  x:\n    failure_rate_threshold: 150\n',
    expected: [['circuit_breakers.x.failure_rate_threshold', 'must be a number from 0 to 100, got 150']],
  },
  {
    name: 'yaml base_url with the wrong scheme',
    yaml: 'connection_pools:\n  http:\n    external_api:\n      base_url: ftp://files.example\n',
    expected: [['connection_pools.http.external_api.base_url', 'must be a http:// or https:// URL, got "ftp://files.example"']],
  },
  {
    name: 'yaml http pool without base_url',
    yaml: 'connection_pools:\n  http:\n    external_api:\n      max_connections: 5\n',
    expected: [['connection_pools.http.external_api.base_url', 'is required']],
  },
  {
    name: 'yaml cross-field: max_recovery_timeout below recovery_timeout',
    yaml: 'circuit_breakers:\n  external_api:\n    recovery_timeout: 60\n    max_recovery_timeout: 30\n',
    expected: [['circuit_breakers.external_api.max_recovery_timeout', 'must be >= recovery_timeout (60000 ms), got 30000 ms']],
  },
  {
    name: 'yaml cross-field: max_connections_per_host above max_connections',
    yaml: 'connection_pools:\n  http:\n    a:\n      base_url: http://a\n      max_connections: 5\n      max_connections_per_host: 6\n',
    expected: [['connection_pools.http.a.max_connections_per_host', 'must be <= max_connections (5), got 6']],
  },
  {
    name: 'yaml redis rate limit with no redis pool',
    yaml: 'middleware:\n  rate_limit:\n    store: redis\n',
    expected: [['middleware.rate_limit.redis_pool', "is required with store 'redis', and no redis pool is configured"]],
  },
  {
    name: 'yaml rate_limit of the wrong shape',
    yaml: 'middleware:\n  rate_limit: lots\n',
    expected: [['middleware.rate_limit', 'must be true, false or rate-limit options { requests, window, store }, got "lots"']],
  },
  {
    name: 'yaml problem inside an object that could also be false',
    yaml: 'middleware:\n  rate_limit:\n    requests: 0\n    store: disk\n',
    expected: [
      ['middleware.rate_limit.requests', 'must be an integer >= 1, got 0'],
      ['middleware.rate_limit.store', "must be one of 'memory', 'redis', got \"disk\""],
    ],
  },
  {
    name: 'yaml HTTP-layer options of the wrong kind',
    yaml: 'middleware:\n  rate_limit:\n    trust_proxy: -1\n    headers: sometimes\n  bulkhead:\n    per_route: { max_queue: 1 }\n',
    expected: [
      ['middleware.rate_limit.trust_proxy', 'must be true, false or a number of trusted proxies >= 0, got -1'],
      ['middleware.rate_limit.headers', 'must be true or false, got "sometimes"'],
      ['middleware.bulkhead.per_route.max_concurrent', 'must be an integer >= 1, got undefined'],
    ],
  },
  {
    name: 'yaml redis url combined with cluster nodes',
    yaml: 'connection_pools:\n  redis:\n    main_cache:\n      url: redis://localhost:6379\n      cluster_nodes: ["a:1"]\n',
    expected: [['connection_pools.redis.main_cache.cluster_nodes', 'cannot be combined with url']],
  },
  {
    name: 'yaml bad node inside a list of host:port strings and objects',
    yaml: 'connection_pools:\n  redis:\n    main_cache:\n      sentinels: ["s1:26379", { host: s2, port: 0 }]\n',
    expected: [['connection_pools.redis.main_cache.sentinels[1].port', 'must be an integer from 1 to 65535, got 0']],
  },
  {
    name: 'yaml sentinels without sentinel_name',
    yaml: 'connection_pools:\n  redis:\n    main_cache:\n      sentinels: ["s1:26379"]\n',
    expected: [['connection_pools.redis.main_cache.sentinel_name', 'is required with sentinels']],
  },
  {
    name: 'yaml exclude path without a leading slash',
    yaml: 'middleware:\n  exclude: [/health, metrics]\n',
    expected: [['middleware.exclude[1]', 'must start with "/", got "metrics"']],
  },
  {
    name: 'yaml critical pool that does not exist',
    yaml: 'health:\n  critical_pools: [main_cahce]\n',
    expected: [['health.critical_pools[0]', 'must name a configured pool (none configured), got "main_cahce"']],
  },
  {
    name: 'yaml histogram buckets out of order',
    yaml: 'metrics:\n  histogram:\n    buckets: [0.1, 0.5, 0.2]\n',
    expected: [['metrics.histogram.buckets[2]', 'must be greater than the bucket before it (0.5), got 0.2']],
  },
  { name: 'yaml root that is not a mapping', yaml: '- a\n- b\n', expected: [['FILE', 'must hold a mapping of options, got a list']] },
  {
    name: 'yaml section of the wrong type',
    yaml: 'resilience:\n  bulkheads: 5\n',
    expected: [['bulkheads', 'must be a mapping of names to options, got 5']],
  },
  {
    name: 'code options use camelCase paths',
    options: { circuitBreakers: { externalApi: { failureThreshold: -3 } } },
    expected: [['circuitBreakers.externalApi.failureThreshold', 'must be an integer >= 1, got -3']],
  },
  {
    name: 'code option in snake_case gets a did-you-mean',
    options: { circuitBreakers: { default: { failure_threshold: 3 } } },
    expected: [['circuitBreakers.default.failure_threshold', "is not a known key; did you mean 'failureThreshold'?"]],
  },
  {
    name: 'code duration reads bare numbers as milliseconds and says so',
    options: { timeouts: { default: { timeoutMs: -1 } }, middleware: { timeout: true } },
    expected: [
      [
        'timeouts.default.timeoutMs',
        'must be a duration > 0 (a number of milliseconds or a string like "500ms", "30s", "2m", "1h"), got -1',
      ],
      ['middleware.timeout', 'must be false or a duration, got true'],
    ],
  },
  {
    name: 'code cross-field rule names keys in camelCase',
    options: { retries: { default: { backoff: { initialDelayMs: 500, maxDelayMs: 100 } } } },
    expected: [['retries.default.backoff.maxDelayMs', 'must be >= initialDelayMs (500 ms), got 100 ms']],
  },
  {
    name: 'env value that is not a number names the variable',
    env: { CIRCUIT_BREAKER_FAILURE_THRESHOLD: 'abc' },
    expected: [['CIRCUIT_BREAKER_FAILURE_THRESHOLD', 'must be an integer >= 1, got "abc"']],
  },
  {
    name: 'env port out of range',
    env: { REDIS_PORT: '99999' },
    expected: [['REDIS_PORT', 'must be an integer from 1 to 65535, got 99999']],
  },
  { name: 'env log format', env: { LOG_FORMAT: 'xml' }, expected: [['LOG_FORMAT', "must be 'json' or 'text', got \"xml\""]] },
  {
    name: 'env duration',
    env: { CIRCUIT_BREAKER_RECOVERY_TIMEOUT: 'soon' },
    expected: [['CIRCUIT_BREAKER_RECOVERY_TIMEOUT', 'must be a duration > 0 (a number of seconds']],
  },
  {
    name: 'env url',
    env: { EXTERNAL_API_BASE_URL: 'localhost:8001' },
    expected: [['EXTERNAL_API_BASE_URL', 'must be a http:// or https:// URL, got "localhost:8001"']],
  },
  {
    name: 'env REDIS_HOST with several redis pools and none called main_cache',
    options: { connectionPools: { redis: { a: {}, b: {} } } },
    env: { REDIS_HOST: 'h' },
    expected: [['REDIS_HOST', "applies to the redis pool 'main_cache' or to the only redis pool, but there are several (a, b)"]],
  },
  {
    name: 'cross-field rule where env set one side and YAML the other',
    yaml: 'circuit_breakers:\n  default:\n    max_recovery_timeout: 60\n',
    env: { CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '120' },
    expected: [['circuit_breakers.default.max_recovery_timeout', 'must be >= recovery_timeout (120000 ms), got 60000 ms']],
  },
  {
    name: 'several problems from every source in one error',
    yaml: 'circuit_breakers:\n  external_api:\n    failure_threshold: 0\n    recovery_timeout: later\nbulkheads:\n  default:\n    max_queue: -1\n',
    options: { bulkheads: { default: { maxConcurent: 3 } } },
    env: { BULKHEAD_MAX_CONCURRENT: '0', REDIS_DB: 'one' },
    expected: [
      ['bulkheads.default.maxConcurent', "is not a known key; did you mean 'maxConcurrent'?"],
      ['circuit_breakers.external_api.failure_threshold', 'must be an integer >= 1, got 0'],
      ['circuit_breakers.external_api.recovery_timeout', 'must be a duration > 0'],
      ['bulkheads.default.max_queue', 'must be an integer >= 0, got -1'],
      ['BULKHEAD_MAX_CONCURRENT', 'must be an integer >= 1, got 0'],
      ['REDIS_DB', 'must be an integer >= 0, got "one"'],
    ],
  },
];

function issuesOf(input: ResolveResilienceConfigInput): readonly ConfigIssue[] {
  try {
    resolveResilienceConfig(input);
  } catch (error) {
    if (isResilienceConfigError(error)) return error.issues;
    throw error;
  }
  throw new Error('expected a ResilienceConfigError, but the configuration was accepted');
}

describe('broken configurations', () => {
  it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const configFile = c.yaml !== undefined ? tmp.write(`case-${i}.yaml`, c.yaml) : (c.configFile ?? false);
    const issues = issuesOf({ cwd: tmp.dir, configFile, options: c.options as never, env: c.env ?? {} });
    const file = typeof configFile === 'string' ? configFile : '';
    const expected = c.expected.map(([path, rule]) => [path.replace('FILE', file), rule.replace('FILE', file)] as const);
    // Exactly the expected problems: each at its exact path, with its rule.
    expect(issues).toHaveLength(expected.length);
    for (const [path, rule] of expected) {
      expect(issues).toContainEqual({ path, message: expect.stringContaining(rule) });
    }
  });

  it('puts every problem in the error message, one per line, under one title', () => {
    let message = '';
    try {
      resolveResilienceConfig({ cwd: tmp.dir, configFile: false, env: { REDIS_PORT: 'x', BULKHEAD_MAX_CONCURRENT: '-1' } });
    } catch (error) {
      message = (error as Error).message;
    }
    // In schema order (bulkheads before connection pools), so the message is stable.
    expect(message.split('\n')).toEqual([
      'Invalid resilience configuration:',
      '  - BULKHEAD_MAX_CONCURRENT: must be an integer >= 1, got -1',
      '  - REDIS_PORT: must be an integer from 1 to 65535, got "x"',
    ]);
  });

  it('never echoes a password', () => {
    const issues = issuesOf({
      cwd: tmp.dir,
      configFile: false,
      env: {},
      options: { connectionPools: { redis: { main_cache: { url: 'http://user:hunter2@cache:6379', password: '' } } } },
    });
    expect(issues.map((i) => i.path)).toEqual(['connectionPools.redis.main_cache.url', 'connectionPools.redis.main_cache.password']);
    expect(JSON.stringify(issues)).not.toContain('hunter2');
    expect(issues[0].message).toContain('"http://***@cache:6379"');
  });
});
