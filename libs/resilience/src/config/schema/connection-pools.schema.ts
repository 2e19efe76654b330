/** `connection_pools.http.<name>` and `connection_pools.redis.<name>`: pools created at start-up (no `default` inheritance). */
import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { tryParseDuration, unitWord } from '../duration.js';
import { bool, duration, DURATION_META, int, named, secret, section, text, url, type SchemaContext } from './fields.js';
import { compact, type ResolveContext } from './resolve-context.js';

/**
 * A health-check period, or none: `0`, `"0s"` or `false` turn the background check off, as the
 * pools read 0 (core/pools/*-pool-options.ts). Resolves to milliseconds, `false` to 0, so the
 * resolved config stays a number the pools take as is.
 */
function healthCheckInterval(ctx: SchemaContext) {
  const wanted =
    `must be a duration >= 0 (a number of ${unitWord(ctx.bareDurationUnit)} or a string like "500ms", "30s", "2m", "1h") ` +
    'or false; 0 or false turns the health check off';
  return z
    .custom<number | string | false>((value) => typeof value === 'number' || typeof value === 'string' || value === false, {
      error: (issue) => `${wanted}, got ${describeValue(issue.input)}`,
    })
    .transform((value, ctx2) => {
      const ms = value === false ? 0 : tryParseDuration(value, ctx.bareDurationUnit);
      if (ms === undefined) {
        ctx2.issues.push({ code: 'custom', message: `${wanted}, got ${describeValue(value)}`, input: value });
        return z.NEVER;
      }
      return ms;
    })
    .meta(DURATION_META)
    .optional();
}

export function httpPoolSchema(ctx: SchemaContext) {
  return section({
    baseUrl: url(['http:', 'https:']).describe('Upstream base URL (required)'),
    maxConnections: int(1).describe('Sockets open to the upstream at most'),
    maxConnectionsPerHost: int(1).describe('Sockets per host at most (default: max_connections)'),
    connectionTimeout: duration(ctx).describe('Time to establish a connection'),
    readTimeout: duration(ctx).describe('Time to receive a response'),
    acquireTimeout: duration(ctx).describe('Time a request waits for a free connection before failing'),
    keepAlive: bool().describe('Reuse connections between requests'),
    healthCheckInterval: healthCheckInterval(ctx).describe('Period of the background health check; 0 or false: none'),
    healthCheckPath: text().describe('Path the health check requests'),
    defaultHeaders: z
      .record(z.string(), z.string({ error: (i) => `must be a string, got ${describeValue(i.input)}` }), {
        error: (i) => `must be a mapping of header names to values, got ${describeValue(i.input)}`,
      })
      .optional()
      .describe('Headers sent with every request (names kept as written)'),
    critical: bool().describe('Readiness fails while this pool is down'),
  });
}

const hostPort = (error: string) =>
  z.union(
    [
      section({ host: text().unwrap(), port: int(1, 65535).unwrap() }),
      z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$/)
        .transform((s) => ({ host: s.slice(0, s.lastIndexOf(':')), port: Number(s.slice(s.lastIndexOf(':') + 1)) })),
    ],
    { error: (i) => `${error}, got ${describeValue(i.input)}` },
  );

export function redisPoolSchema(ctx: SchemaContext) {
  const node = hostPort('must be "host:port" or { host, port }');
  const nodes = z
    .array(node, { error: (i) => `must be a list of "host:port" or { host, port }, got ${describeValue(i.input)}` })
    .optional();
  return section({
    url: url(['redis:', 'rediss:']).describe('redis:// or rediss:// URL; wins over host, port, db, username and password'),
    host: text().describe('Redis host'),
    port: int(1, 65535).describe('Redis port'),
    db: int(0).describe('Database number'),
    username: text().describe('ACL user name'),
    password: secret().describe('Password (never printed)'),
    tls: bool().describe('Connect with TLS'),
    clusterNodes: nodes.describe('Cluster seed nodes: enables Cluster mode'),
    sentinels: nodes.describe('Sentinel nodes: enables Sentinel mode (with sentinel_name)'),
    sentinelName: text().describe('Name of the master the sentinels watch'),
    maxConnections: int(1).describe('Connections in the pool'),
    commandTimeout: duration(ctx).describe('Time a command may take'),
    connectTimeout: duration(ctx).describe('Time to establish a connection'),
    acquireTimeout: duration(ctx).describe('Time acquire() waits for a dedicated connection'),
    enableAutoPipelining: bool().describe('Batch commands issued in the same tick'),
    healthCheckInterval: healthCheckInterval(ctx).describe('Period of the PING health check; 0 or false: none'),
    keyPrefix: text().describe('Prefix added to every key'),
    critical: bool().describe('Readiness fails while this pool is down'),
  });
}

export function connectionPoolsSchema(ctx: SchemaContext) {
  return section({
    http: named(httpPoolSchema(ctx)).describe('HTTP pools by name'),
    redis: named(redisPoolSchema(ctx)).describe('Redis pools by name'),
  })
    .optional()
    .describe('Connection pools created at start-up');
}

export type HttpPoolInput = z.output<ReturnType<typeof httpPoolSchema>>;
export type RedisPoolInput = z.output<ReturnType<typeof redisPoolSchema>>;
export type ConnectionPoolsInput = z.output<ReturnType<typeof connectionPoolsSchema>>;

export interface ResolvedHttpPoolConfig {
  baseUrl: string;
  maxConnections: number;
  maxConnectionsPerHost: number;
  connectionTimeout: number;
  readTimeout: number;
  acquireTimeout: number;
  keepAlive: boolean;
  healthCheckInterval: number;
  healthCheckPath: string;
  defaultHeaders: Record<string, string>;
  critical: boolean;
}

export interface RedisNode {
  host: string;
  port: number;
}

export interface ResolvedRedisPoolConfig {
  url?: string;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  clusterNodes?: RedisNode[];
  sentinels?: RedisNode[];
  sentinelName?: string;
  maxConnections: number;
  commandTimeout: number;
  connectTimeout: number;
  acquireTimeout: number;
  enableAutoPipelining: boolean;
  healthCheckInterval: number;
  keyPrefix?: string;
  critical: boolean;
}

export interface ResolvedConnectionPoolsConfig {
  http: Record<string, ResolvedHttpPoolConfig>;
  redis: Record<string, ResolvedRedisPoolConfig>;
}

/** Defaults of every HTTP pool (`baseUrl` has none; `maxConnectionsPerHost` defaults to `maxConnections`). */
export const HTTP_POOL_DEFAULTS: Omit<ResolvedHttpPoolConfig, 'baseUrl' | 'maxConnectionsPerHost'> = {
  maxConnections: 100,
  connectionTimeout: 5_000,
  readTimeout: 30_000,
  acquireTimeout: 5_000,
  keepAlive: true,
  healthCheckInterval: 30_000,
  healthCheckPath: '/health',
  defaultHeaders: {},
  critical: false,
};

export const REDIS_POOL_DEFAULTS: ResolvedRedisPoolConfig = {
  host: 'localhost',
  port: 6379,
  db: 0,
  tls: false,
  maxConnections: 10,
  commandTimeout: 5_000,
  connectTimeout: 10_000,
  acquireTimeout: 5_000,
  enableAutoPipelining: false,
  healthCheckInterval: 30_000,
  critical: false,
};

function resolveHttpPool(name: string, given: HttpPoolInput, ctx: ResolveContext): ResolvedHttpPoolConfig {
  const path = ['connectionPools', 'http', name];
  if (given.baseUrl === undefined) ctx.report([...path, 'baseUrl'], 'is required (the upstream URL, e.g. http://localhost:8001)');
  const maxConnections = given.maxConnections ?? HTTP_POOL_DEFAULTS.maxConnections;
  if (given.maxConnectionsPerHost !== undefined && given.maxConnectionsPerHost > maxConnections) {
    ctx.report(
      [...path, 'maxConnectionsPerHost'],
      (k) => `must be <= ${k('maxConnections')} (${maxConnections}), got ${given.maxConnectionsPerHost}`,
    );
  }
  if (given.healthCheckPath !== undefined && !given.healthCheckPath.startsWith('/')) {
    ctx.report([...path, 'healthCheckPath'], `must start with "/", got ${describeValue(given.healthCheckPath)}`);
  }
  return {
    ...HTTP_POOL_DEFAULTS,
    ...compact(given),
    baseUrl: given.baseUrl ?? '',
    maxConnections,
    maxConnectionsPerHost: given.maxConnectionsPerHost ?? maxConnections,
  };
}

function resolveRedisPool(name: string, given: RedisPoolInput, ctx: ResolveContext): ResolvedRedisPoolConfig {
  const path = ['connectionPools', 'redis', name];
  const modes = (['url', 'clusterNodes', 'sentinels'] as const).filter((k) => given[k] !== undefined);
  if (modes.length > 1) {
    ctx.report(
      [...path, modes[1]],
      (k) => `cannot be combined with ${k(modes[0])}; choose one of ${k('url')}, ${k('clusterNodes')}, ${k('sentinels')}`,
    );
  }
  for (const key of ['clusterNodes', 'sentinels'] as const) {
    if (given[key]?.length === 0) ctx.report([...path, key], 'must list at least one node');
  }
  if (given.sentinels !== undefined && given.sentinelName === undefined) {
    ctx.report([...path, 'sentinelName'], (k) => `is required with ${k('sentinels')} (the name of the master they watch)`);
  }
  if (given.sentinelName !== undefined && given.sentinels === undefined) {
    ctx.report([...path, 'sentinels'], (k) => `is required with ${k('sentinelName')}`);
  }
  return { ...REDIS_POOL_DEFAULTS, ...compact(given) };
}

export function resolveConnectionPools(input: ConnectionPoolsInput | undefined, ctx: ResolveContext): ResolvedConnectionPoolsConfig {
  const http: Record<string, ResolvedHttpPoolConfig> = {};
  const redis: Record<string, ResolvedRedisPoolConfig> = {};
  for (const [name, given] of Object.entries(input?.http ?? {})) http[name] = resolveHttpPool(name, given, ctx);
  for (const [name, given] of Object.entries(input?.redis ?? {})) redis[name] = resolveRedisPool(name, given, ctx);
  return { http, redis };
}
