import { OptionChecker } from '../validate-options.js';

export interface HttpPoolOptions {
  /** Where requests with relative URLs go, e.g. `http://upstream:8080/api`. Required. */
  baseUrl: string;
  /** Most requests in flight (and so sockets) across all hosts. Default 10. */
  maxConnections?: number;
  /** Most sockets to one origin. Default `maxConnections`. */
  maxConnectionsPerHost?: number;
  /** TCP (and TLS) connect timeout, ms. Default 5,000. */
  connectionTimeout?: number;
  /** Longest wait for response headers, and between body chunks, ms. Default 30,000. */
  readTimeout?: number;
  /** Keep sockets open between requests. Default true. */
  keepAlive?: boolean;
  /** How long an idle kept-alive socket stays open, ms. Default 30,000. */
  keepAliveTimeout?: number;
  /** Longest wait for a free connection before `POOL_ACQUIRE_TIMEOUT`, ms. Default 5,000. */
  acquireTimeout?: number;
  /** Health check period, ms; 0 turns it off. Default 30,000. */
  healthCheckInterval?: number;
  /** Path (absolute, or relative to `baseUrl`) probed with GET. Default `/health`. */
  healthCheckPath?: string;
  /** Timeout of one health check, ms. Default the smaller of `readTimeout` and 5,000. */
  healthCheckTimeout?: number;
  /** Failed checks in a row before the status is `down`. Default 3. */
  unhealthyThreshold?: number;
  /** Longest wait for requests in flight when closing, ms. Default 5,000. */
  drainTimeout?: number;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
}

export type ResolvedHttpPoolOptions = Required<Omit<HttpPoolOptions, 'defaultHeaders'>> & { defaultHeaders: Record<string, string> };

/** Applies defaults and checks every option, naming the key of each problem. */
export function resolveHttpPoolOptions(name: string, opts: HttpPoolOptions): ResolvedHttpPoolOptions {
  const check = new OptionChecker(`connection_pools.${name}`);
  check.rule(
    typeof opts.baseUrl === 'string' && isHttpUrl(opts.baseUrl),
    'baseUrl',
    `must be an http(s) URL, got ${typeof opts.baseUrl === 'string' ? JSON.stringify(opts.baseUrl.replace(/\/\/[^@/]*@/, '//****@')) : typeof opts.baseUrl}`,
  );
  check.integer('maxConnections', opts.maxConnections, 1);
  check.integer('maxConnectionsPerHost', opts.maxConnectionsPerHost, 1);
  check.integer('connectionTimeout', opts.connectionTimeout, 1);
  check.integer('readTimeout', opts.readTimeout, 1);
  check.integer('keepAliveTimeout', opts.keepAliveTimeout, 1);
  check.integer('acquireTimeout', opts.acquireTimeout, 0);
  check.integer('healthCheckInterval', opts.healthCheckInterval, 0);
  check.integer('healthCheckTimeout', opts.healthCheckTimeout, 1);
  check.integer('unhealthyThreshold', opts.unhealthyThreshold, 1);
  check.integer('drainTimeout', opts.drainTimeout, 0);
  check.rule(opts.keepAlive === undefined || typeof opts.keepAlive === 'boolean', 'keepAlive', 'must be a boolean');
  check.rule(opts.healthCheckPath === undefined || typeof opts.healthCheckPath === 'string', 'healthCheckPath', 'must be a string');
  check.rule(
    opts.defaultHeaders === undefined || (typeof opts.defaultHeaders === 'object' && opts.defaultHeaders !== null),
    'defaultHeaders',
    'must be an object of header names to values',
  );
  check.throwIfInvalid(`Invalid options for HTTP pool "${name}"`);
  const maxConnections = opts.maxConnections ?? 10;
  const readTimeout = opts.readTimeout ?? 30_000;
  return {
    baseUrl: opts.baseUrl,
    maxConnections,
    maxConnectionsPerHost: Math.min(opts.maxConnectionsPerHost ?? maxConnections, maxConnections),
    connectionTimeout: opts.connectionTimeout ?? 5_000,
    readTimeout,
    keepAlive: opts.keepAlive ?? true,
    keepAliveTimeout: opts.keepAliveTimeout ?? 30_000,
    acquireTimeout: opts.acquireTimeout ?? 5_000,
    healthCheckInterval: opts.healthCheckInterval ?? 30_000,
    healthCheckPath: opts.healthCheckPath ?? '/health',
    healthCheckTimeout: opts.healthCheckTimeout ?? Math.min(readTimeout, 5_000),
    unhealthyThreshold: opts.unhealthyThreshold ?? 3,
    drainTimeout: opts.drainTimeout ?? 5_000,
    defaultHeaders: { ...(opts.defaultHeaders ?? {}) },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
