/**
 * Environment variables (DESIGN 4), the highest-precedence source. Bare durations are seconds; an
 * empty variable counts as unset. Which keys they set:
 * - `REDIS_URL`, `REDIS_HOST`, `REDIS_PORT`, `REDIS_DB`: the redis pool named `main_cache` if there is
 *   one, else the only redis pool; with no redis pool configured they create `main_cache`. With several
 *   pools and none named `main_cache` they are an error (which pool was meant is unknowable).
 *   `REDIS_HOST`/`REDIS_PORT` without `REDIS_URL` drop a `url` set by code or YAML, since a url wins over host/port.
 * - `EXTERNAL_API_BASE_URL`, `EXTERNAL_API_TIMEOUT` (read timeout): the http pool `external_api` (created if absent).
 * - `CIRCUIT_BREAKER_FAILURE_THRESHOLD`, `CIRCUIT_BREAKER_RECOVERY_TIMEOUT`: the `default` breaker, so
 *   every breaker that does not set its own value inherits them.
 * - `BULKHEAD_MAX_CONCURRENT`: the `default` bulkhead.
 * - `LOG_FORMAT`: `json` turns JSON logs on, `text` off.
 * (`PORT` and `LOAD_TEST_*` belong to the example app and the load runner, not to this configuration.)
 */
import type { ConfigIssue } from '../core/errors.js';
import { describeValue } from './describe-value.js';
import type { ConfigPath } from './schema/resolve-context.js';

type Kind = 'text' | 'number' | 'logFormat';

interface EnvBinding {
  variable: string;
  kind: Kind;
  /** Path in the camelCase tree; `$redis` stands for the redis pool the REDIS_* variables apply to. */
  path: readonly string[];
}

export const ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'REDIS_URL', kind: 'text', path: ['$redis', 'url'] },
  { variable: 'REDIS_HOST', kind: 'text', path: ['$redis', 'host'] },
  { variable: 'REDIS_PORT', kind: 'number', path: ['$redis', 'port'] },
  { variable: 'REDIS_DB', kind: 'number', path: ['$redis', 'db'] },
  { variable: 'EXTERNAL_API_BASE_URL', kind: 'text', path: ['connectionPools', 'http', 'external_api', 'baseUrl'] },
  { variable: 'EXTERNAL_API_TIMEOUT', kind: 'text', path: ['connectionPools', 'http', 'external_api', 'readTimeout'] },
  { variable: 'CIRCUIT_BREAKER_FAILURE_THRESHOLD', kind: 'number', path: ['circuitBreakers', 'default', 'failureThreshold'] },
  { variable: 'CIRCUIT_BREAKER_RECOVERY_TIMEOUT', kind: 'text', path: ['circuitBreakers', 'default', 'recoveryTimeout'] },
  { variable: 'BULKHEAD_MAX_CONCURRENT', kind: 'number', path: ['bulkheads', 'default', 'maxConcurrent'] },
  { variable: 'LOG_FORMAT', kind: 'logFormat', path: ['logging', 'json'] },
];

export const REDIS_ENV_DEFAULT_POOL = 'main_cache';

export interface EnvSource {
  /** The values set, as a camelCase tree (not yet validated). */
  raw: Record<string, unknown>;
  /** Which variable set which path (joined with "\0"). */
  variables: Map<string, string>;
  /** The redis pool whose `url` must be dropped (REDIS_HOST/PORT given without REDIS_URL). */
  dropUrlOf?: string;
}

export const pathKey = (path: ConfigPath): string => path.join('\0');

export function readEnvSource(
  env: Record<string, string | undefined>,
  redisPoolNames: readonly string[],
  problems: ConfigIssue[],
): EnvSource {
  const source: EnvSource = { raw: {}, variables: new Map() };
  const set = (binding: EnvBinding) => env[binding.variable] !== undefined && env[binding.variable] !== '';
  const redisVariables = ENV_BINDINGS.filter((b) => b.path[0] === '$redis' && set(b)).map((b) => b.variable);
  const redisPool = pickRedisPool(redisPoolNames);
  if (redisVariables.length > 0 && redisPool === undefined) {
    for (const variable of redisVariables) {
      problems.push({
        path: variable,
        message: `applies to the redis pool '${REDIS_ENV_DEFAULT_POOL}' or to the only redis pool, but there are several (${redisPoolNames.join(', ')}); set it in the config file instead`,
      });
    }
  }
  for (const binding of ENV_BINDINGS) {
    if (!set(binding)) continue;
    const text = env[binding.variable] as string;
    let value: unknown = text;
    if (binding.kind === 'number' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(text)) value = Number(text);
    if (binding.kind === 'logFormat') {
      const format = text.trim().toLowerCase();
      if (format !== 'json' && format !== 'text') {
        problems.push({ path: binding.variable, message: `must be 'json' or 'text', got ${describeValue(text)}` });
        continue;
      }
      value = format === 'json';
    }
    if (binding.path[0] === '$redis' && redisPool === undefined) continue;
    const path =
      binding.path[0] === '$redis' ? ['connectionPools', 'redis', redisPool as string, ...binding.path.slice(1)] : [...binding.path];
    setIn(source.raw, path, value);
    source.variables.set(pathKey(path), binding.variable);
  }
  if (redisPool !== undefined && !set(ENV_BINDINGS[0]) && (set(ENV_BINDINGS[1]) || set(ENV_BINDINGS[2]))) source.dropUrlOf = redisPool;
  return source;
}

function pickRedisPool(names: readonly string[]): string | undefined {
  if (names.includes(REDIS_ENV_DEFAULT_POOL) || names.length === 0) return REDIS_ENV_DEFAULT_POOL;
  return names.length === 1 ? names[0] : undefined;
}

function setIn(tree: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}
