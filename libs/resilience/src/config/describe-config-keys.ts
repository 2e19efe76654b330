/** Every configuration key with its default and description, read from the schema (the README prints it as a table). */
import { DEFAULTS } from './defaults.js';
import { formatDuration } from './duration.js';
import { ENV_BINDINGS } from './env-source.js';
import { DURATION_META } from './schema/fields.js';
import { HTTP_POOL_DEFAULTS, REDIS_POOL_DEFAULTS } from './schema/connection-pools.schema.js';
import { MIDDLEWARE_BULKHEAD_DEFAULTS, RATE_LIMIT_DEFAULTS } from './schema/middleware.schema.js';
import { DEFAULT_HISTOGRAM_BUCKETS } from './schema/metrics.schema.js';
import { FILE_OPTIONS_SCHEMA } from './schema/resilience.schema.js';
import { camelToSnake } from './key-case.js';
import { unwrap } from './schema-walk.js';
import { isPlainObject } from './schema/resolve-context.js';
import type { z } from 'zod';

export interface ConfigKeyDescription {
  /** YAML path (snake_case); `<name>` stands for an instance name. */
  key: string;
  /** Default as YAML would write it ("30s", "100", "false"); empty when there is none. */
  default: string;
  description: string;
  /** Environment variable that sets it, if any. */
  env?: string;
}

/** Defaults of sub-keys whose parent is off by default, or of instances that have no `default` entry. */
const WHEN_ENABLED = {
  connectionPools: {
    http: { '<name>': { ...HTTP_POOL_DEFAULTS, maxConnectionsPerHost: 'max_connections' } },
    redis: { '<name>': REDIS_POOL_DEFAULTS },
  },
  middleware: {
    rateLimit: { ...RATE_LIMIT_DEFAULTS, redisPool: 'main_cache, or the only redis pool' },
    bulkhead: MIDDLEWARE_BULKHEAD_DEFAULTS,
    circuitBreaker: { '*': 'circuit_breakers.default' },
    exclude: ['/health', '/metrics'],
  },
  metrics: { histogram: { buckets: DEFAULT_HISTOGRAM_BUCKETS } },
};

export function describeConfigKeys(): ConfigKeyDescription[] {
  const rows: ConfigKeyDescription[] = [];
  walk(FILE_OPTIONS_SCHEMA, [], rows);
  return rows;
}

function walk(schema: z.core.$ZodType, path: string[], rows: ConfigKeyDescription[]): void {
  const { schema: node, meta } = unwrap(schema);
  const d = node._zod.def as unknown as {
    type: string;
    shape?: Record<string, z.core.$ZodType>;
    valueType?: z.core.$ZodType;
    options?: z.core.$ZodType[];
  };
  if (d.type === 'object' && d.shape) {
    for (const [key, child] of Object.entries(d.shape)) walk(child, [...path, key], rows);
    return;
  }
  if (d.type === 'record' && d.valueType && unwrap(d.valueType).schema._zod.def.type === 'object') {
    walk(d.valueType, [...path, '<name>'], rows);
    return;
  }
  rows.push(row(path, meta));
  const objectOption = d.type === 'union' ? d.options?.find((o) => unwrap(o).schema._zod.def.type === 'object') : undefined;
  if (objectOption) walk(objectOption, path, rows);
}

function row(path: string[], meta: Record<string, unknown>): ConfigKeyDescription {
  const value =
    lookup(
      DEFAULTS,
      path.map((s) => (s === '<name>' ? 'default' : s)),
    ) ?? lookup(WHEN_ENABLED, path);
  const env = ENV_BINDINGS.find(
    (b) =>
      b.path.join('.') === path.join('.').replace('<name>', 'default') ||
      (b.path[0] === '$redis' && path[1] === 'redis' && b.path[1] === path[3]),
  );
  return {
    key: path.map((s) => (s === '<name>' ? s : camelToSnake(s))).join('.'),
    default: format(value, meta.unit === DURATION_META.unit),
    description: typeof meta.description === 'string' ? meta.description : '',
    ...(env ? { env: env.variable } : {}),
  };
}

function lookup(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const key of path) {
    if (typeof node === 'string') return node; // a reference such as 'circuit_breakers.default' covers every key below
    if (!isPlainObject(node)) return undefined;
    node = Object.hasOwn(node, key) ? node[key] : node['*'];
  }
  return node;
}

function format(value: unknown, isDuration: boolean): string {
  if (value === undefined) return '';
  if (isDuration && typeof value === 'number') return formatDuration(value);
  if (typeof value === 'string') return value;
  if (isPlainObject(value) && Object.keys(value).length > 0) return '';
  return JSON.stringify(value);
}
