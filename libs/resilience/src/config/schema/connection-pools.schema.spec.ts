import { isResilienceConfigError, type ConfigIssue } from '../../core/errors.js';
import { resolveHttpPoolOptions } from '../../core/pools/http-pool-options.js';
import { TempConfigDir } from '../config-test-files.js';
import { resolveResilienceConfig } from '../resolve-config.js';

const tmp = new TempConfigDir();
afterAll(() => tmp.remove());

const fromYaml = (yaml: string) => {
  const file = tmp.write(`pools-${Math.random().toString(36).slice(2)}.yaml`, yaml);
  return resolveResilienceConfig({ cwd: tmp.dir, env: {}, configFile: file });
};

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (isResilienceConfigError(error)) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ResilienceConfigError, but the configuration was accepted');
}

describe('connection_pools.*.health_check_interval', () => {
  const pools = (interval: string) =>
    [
      'connection_pools:',
      '  http:',
      '    api:',
      '      base_url: http://127.0.0.1:1',
      `      health_check_interval: ${interval}`,
      '  redis:',
      '    cache:',
      `      health_check_interval: ${interval}`,
    ].join('\n');

  it.each([
    ['0', 0],
    ['false', 0],
    ['"0s"', 0],
    ['15', 15_000],
    ['"250ms"', 250],
  ])('reads %s in YAML as %d ms (0: no background health check, as the pools read it)', (written, ms) => {
    const config = fromYaml(pools(written));
    expect(config.connectionPools.http.api.healthCheckInterval).toBe(ms);
    expect(config.connectionPools.redis.cache.healthCheckInterval).toBe(ms);
  });

  it('accepts 0 and false from code too, and the pool options take the result', () => {
    const config = resolveResilienceConfig({
      env: {},
      configFile: false,
      options: {
        connectionPools: {
          http: {
            a: { baseUrl: 'http://127.0.0.1:1', healthCheckInterval: false },
            b: { baseUrl: 'http://127.0.0.1:1', healthCheckInterval: 0 },
          },
        },
      },
    });
    expect(config.connectionPools.http.a.healthCheckInterval).toBe(0);
    expect(config.connectionPools.http.b.healthCheckInterval).toBe(0);
    expect(resolveHttpPoolOptions('a', { ...config.connectionPools.http.a }).healthCheckInterval).toBe(0);
  });

  it('keeps the default period when the key is absent', () => {
    const config = fromYaml('connection_pools:\n  http:\n    api:\n      base_url: http://127.0.0.1:1\n');
    expect(config.connectionPools.http.api.healthCheckInterval).toBe(30_000);
  });

  it.each([['-1'], ['true'], ['"soon"']])('rejects %s naming the key, the rule and that 0 or false turns it off', (written) => {
    const issues = issuesOf(() => fromYaml(pools(written)));
    expect(issues.map((i) => i.path).sort()).toEqual([
      expect.stringContaining('connection_pools.http.api.health_check_interval'),
      expect.stringContaining('connection_pools.redis.cache.health_check_interval'),
    ]);
    for (const issue of issues) {
      expect(issue.message).toContain('must be a duration >= 0 (a number of seconds');
      expect(issue.message).toContain('or false; 0 or false turns the health check off, got');
    }
  });
});
