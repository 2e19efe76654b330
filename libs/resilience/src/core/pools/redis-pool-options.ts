import type { ConnectionOptions } from 'node:tls';
import { OptionChecker } from '../validate-options.js';

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export interface RedisPoolOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Overrides host/port/db/username/password. */
  url?: string;
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  /** `true` for TLS with Node's defaults, or TLS options. */
  tls?: boolean | ConnectionOptions;
  /** Cluster mode: the seed nodes (`host:port` strings or addresses). */
  clusterNodes?: (string | RedisNodeAddress)[];
  /** Sentinel mode: the sentinels, and the name of the monitored master (`sentinelName`). */
  sentinels?: RedisNodeAddress[];
  sentinelName?: string;
  sentinelPassword?: string;
  /**
   * Connections kept open (Cluster: cluster clients). `client` spreads commands over those not
   * leased; `acquire()` can lease all but one, so leasing needs at least 2. Default 4.
   */
  maxConnections?: number;
  /** A command with no reply within this many ms fails ("Command timed out"). Default 5,000. Blocking commands too: keep their timeout below it. */
  commandTimeout?: number;
  /** TCP connect (and handshake) timeout, ms. Default 5,000. */
  connectTimeout?: number;
  enableAutoPipelining?: boolean;
  /** Longest wait for a lease, ms, before `POOL_ACQUIRE_TIMEOUT`. Default 5,000. */
  acquireTimeout?: number;
  /** PING period, ms; 0 turns health checks off. Default 30,000. */
  healthCheckInterval?: number;
  /** Timeout of one PING, ms. Default the smaller of `commandTimeout` and 2,000. */
  healthCheckTimeout?: number;
  /** Failed checks in a row before the status is `down`. Default 3. */
  unhealthyThreshold?: number;
  /** Reconnect backoff: first delay and cap, ms (exponential, with jitter). Defaults 50 and 2,000. */
  reconnectInitialDelay?: number;
  reconnectMaxDelay?: number;
  /** Longest wait for replies in flight when closing, ms. Default 2,000. */
  drainTimeout?: number;
  keyPrefix?: string;
  /** `CLIENT SETNAME` of every connection, handy in `CLIENT LIST`. */
  connectionName?: string;
}

export type RedisMode = 'standalone' | 'cluster' | 'sentinel';

export interface ResolvedRedisPoolOptions {
  mode: RedisMode;
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
  tls: ConnectionOptions | undefined;
  clusterNodes: RedisNodeAddress[];
  sentinels: RedisNodeAddress[];
  sentinelName: string | undefined;
  sentinelPassword: string | undefined;
  maxConnections: number;
  commandTimeout: number;
  connectTimeout: number;
  enableAutoPipelining: boolean;
  acquireTimeout: number;
  healthCheckInterval: number;
  healthCheckTimeout: number;
  unhealthyThreshold: number;
  reconnectInitialDelay: number;
  reconnectMaxDelay: number;
  drainTimeout: number;
  keyPrefix: string | undefined;
  connectionName: string | undefined;
}

/** Applies defaults, reads `url`, and checks every option, naming the key of each problem. */
export function resolveRedisPoolOptions(name: string, opts: RedisPoolOptions): ResolvedRedisPoolOptions {
  const check = new OptionChecker(`connection_pools.${name}`);
  let fromUrl: Partial<Pick<ResolvedRedisPoolOptions, 'host' | 'port' | 'db' | 'username' | 'password'>> & { tls?: boolean } = {};
  if (opts.url !== undefined) {
    const parsed = parseRedisUrl(opts.url);
    check.rule(parsed !== undefined, 'url', 'must look like redis://[user:password@]host:port[/db] (or rediss://)');
    fromUrl = parsed ?? {};
  }
  check.integer('port', opts.port, 1, 65_535);
  check.integer('db', opts.db, 0);
  check.integer('maxConnections', opts.maxConnections, 1);
  check.integer('commandTimeout', opts.commandTimeout, 1);
  check.integer('connectTimeout', opts.connectTimeout, 1);
  check.integer('acquireTimeout', opts.acquireTimeout, 0);
  check.integer('healthCheckInterval', opts.healthCheckInterval, 0);
  check.integer('healthCheckTimeout', opts.healthCheckTimeout, 1);
  check.integer('unhealthyThreshold', opts.unhealthyThreshold, 1);
  check.integer('reconnectInitialDelay', opts.reconnectInitialDelay, 1);
  check.integer('reconnectMaxDelay', opts.reconnectMaxDelay, 1);
  check.integer('drainTimeout', opts.drainTimeout, 0);
  const clusterNodes: RedisNodeAddress[] = [];
  for (const [i, node] of (opts.clusterNodes ?? []).entries()) {
    const address = typeof node === 'string' ? parseHostPort(node) : node;
    check.rule(
      address !== undefined && typeof address.host === 'string' && Number.isInteger(address.port),
      `clusterNodes[${i}]`,
      'must be "host:port" or { host, port }',
    );
    if (address) clusterNodes.push({ host: address.host, port: address.port });
  }
  const sentinels = opts.sentinels ?? [];
  check.rule(sentinels.length === 0 || typeof opts.sentinelName === 'string', 'sentinelName', 'is required with sentinels');
  check.rule(!(clusterNodes.length > 0 && sentinels.length > 0), 'clusterNodes', 'cannot be combined with sentinels');
  check.throwIfInvalid(`Invalid options for Redis pool "${name}"`);
  const commandTimeout = opts.commandTimeout ?? 5_000;
  const tlsFromUrl = fromUrl.tls ? {} : undefined;
  return {
    mode: clusterNodes.length > 0 ? 'cluster' : sentinels.length > 0 ? 'sentinel' : 'standalone',
    host: fromUrl.host ?? opts.host ?? '127.0.0.1',
    port: fromUrl.port ?? opts.port ?? 6379,
    db: fromUrl.db ?? opts.db ?? 0,
    username: fromUrl.username ?? opts.username,
    password: fromUrl.password ?? opts.password,
    tls: opts.tls === true ? {} : opts.tls === false || opts.tls === undefined ? tlsFromUrl : opts.tls,
    clusterNodes,
    sentinels: sentinels.map((s) => ({ host: s.host, port: s.port })),
    sentinelName: opts.sentinelName,
    sentinelPassword: opts.sentinelPassword,
    maxConnections: opts.maxConnections ?? 4,
    commandTimeout,
    connectTimeout: opts.connectTimeout ?? 5_000,
    enableAutoPipelining: opts.enableAutoPipelining ?? false,
    acquireTimeout: opts.acquireTimeout ?? 5_000,
    healthCheckInterval: opts.healthCheckInterval ?? 30_000,
    healthCheckTimeout: opts.healthCheckTimeout ?? Math.min(commandTimeout, 2_000),
    unhealthyThreshold: opts.unhealthyThreshold ?? 3,
    reconnectInitialDelay: opts.reconnectInitialDelay ?? 50,
    reconnectMaxDelay: opts.reconnectMaxDelay ?? 2_000,
    drainTimeout: opts.drainTimeout ?? 2_000,
    keyPrefix: opts.keyPrefix,
    connectionName: opts.connectionName,
  };
}

function parseRedisUrl(value: string): (Partial<ResolvedRedisPoolOptions> & { tls?: boolean }) | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return undefined;
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) return undefined;
  return {
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    db,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:',
  };
}

function parseHostPort(value: string): RedisNodeAddress | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.trim());
  return match ? { host: match[1], port: Number(match[2]) } : undefined;
}
