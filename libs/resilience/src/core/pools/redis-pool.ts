import type { ClusterOptions, RedisOptions } from 'ioredis';
import { ResilienceError } from '../errors.js';
import { AcquireQueue } from './acquire-queue.js';
import { FailFastCluster, FailFastRedis, type FailFastGate } from './fail-fast-redis.js';
import { PoolHealth, poolStats, type CheckOutcome } from './pool-health.js';
import type { Disposer, ManagedPool, PoolHealthCheckFailure, PoolStats, PoolStatus, PoolStatusChange } from './pool-types.js';
import { redactError, redactOptions } from './redact.js';
import { resolveRedisPoolOptions, type RedisPoolOptions, type ResolvedRedisPoolOptions } from './redis-pool-options.js';

/** One pooled connection: a Redis client, or a Cluster client in cluster mode. */
export type RedisPoolConnection = FailFastRedis | FailFastCluster;

export interface ReleaseOptions {
  /** Close this connection and open a fresh one in its place (its state is unknown or dirty). */
  discard?: boolean;
}

/**
 * A fixed set of ioredis connections to one Redis deployment (standalone, Cluster or Sentinel).
 *
 * `client` hands out the connections round-robin for ordinary commands (each is multiplexed,
 * so many callers share one). `acquire()`/`withConnection()` lease a connection exclusively
 * for MULTI/WATCH and blocking commands; a leased connection leaves the round-robin until it is
 * released, and one connection always stays shared. While Redis is down, commands fail at once
 * with `POOL_UNAVAILABLE`; connections reconnect by themselves with exponential backoff.
 */
export class RedisConnectionPool implements ManagedPool {
  readonly kind = 'redis' as const;
  /** The options in effect, with the password and URL credentials masked. */
  readonly options: Readonly<ResolvedRedisPoolOptions>;
  /** Connection errors seen since start (each failed connect or dropped connection counts). */
  failed = 0;
  private readonly resolved: ResolvedRedisPoolOptions;
  private readonly connections: RedisPoolConnection[] = [];
  /** The connections not leased, in round-robin order. */
  private shared: RedisPoolConnection[] = [];
  private readonly leased = new Set<RedisPoolConnection>();
  private next = 0;
  private readonly queue: AcquireQueue;
  private readonly health: PoolHealth;
  private readonly gate: FailFastGate & { closed: boolean };
  private closing: Promise<void> | undefined;

  constructor(
    readonly name: string,
    options: RedisPoolOptions,
  ) {
    const opts = resolveRedisPoolOptions(name, options);
    this.resolved = opts;
    this.options = redactOptions(opts);
    const label = `Redis pool "${name}" (${describeTarget(opts)})`;
    this.gate = { closed: false, label };
    this.queue = new AcquireQueue(Math.max(0, opts.maxConnections - 1), opts.acquireTimeout, () => label);
    for (let i = 0; i < opts.maxConnections; i++) this.connections.push(this.connect());
    this.shared = [...this.connections];
    this.health = new PoolHealth(name, 'redis', () => this.probe(), opts.healthCheckInterval, opts.unhealthyThreshold);
    this.health.start();
  }

  get status(): PoolStatus {
    return this.health.status;
  }

  /**
   * A connection for ordinary commands, the next one round-robin among those not leased.
   * Take it afresh for each command (`pool.client.get(k)`) rather than keeping it.
   */
  get client(): RedisPoolConnection {
    const shared = this.shared;
    const connection = shared[this.next++ % shared.length];
    if (this.next > 0x3fffffff) this.next = 0;
    return connection;
  }

  /**
   * Leases a connection for this caller alone, waiting at most `acquireTimeout` (or until
   * `signal` aborts). Give it back with `release()`; `withConnection()` does that for you.
   */
  async acquire(signal?: AbortSignal): Promise<RedisPoolConnection> {
    if (this.queue.permits === 0 && !this.gate.closed) {
      throw new ResilienceError('POOL_UNAVAILABLE', `${this.gate.label} has maxConnections 1: leasing needs at least 2 (one stays shared)`);
    }
    await this.queue.acquire(signal);
    return this.take();
  }

  /** Gives a leased connection back. Releasing twice, or a connection not leased, does nothing. */
  release(connection: RedisPoolConnection, opts: ReleaseOptions = {}): void {
    if (!this.leased.delete(connection)) return;
    let back = connection;
    if (opts.discard && !this.gate.closed) {
      back = this.replace(connection);
    }
    // A connection replaced while leased (it ended) is not in the pool any more.
    if (!this.gate.closed && this.connections.includes(back)) this.shared = [...this.shared, back];
    this.queue.release();
  }

  /**
   * Runs `fn` with a leased connection and always gives it back. When `fn` throws, the
   * connection is replaced by a fresh one: it may be stuck in a blocking command, inside
   * MULTI or holding a WATCH, and must not serve other callers.
   */
  async withConnection<T>(fn: (connection: RedisPoolConnection) => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    const connection = await this.acquire(signal);
    let ok = false;
    try {
      const result = await fn(connection);
      ok = true;
      return result;
    } finally {
      this.release(connection, { discard: !ok });
    }
  }

  stats(): PoolStats {
    let ready = 0;
    for (const c of this.connections) if (c.status === 'ready') ready++;
    let leasedReady = 0;
    for (const c of this.leased) if (c.status === 'ready') leasedReady++;
    return poolStats(this, this.health, this.queue, { active: this.leased.size, idle: ready - leasedReady });
  }

  checkHealth(): Promise<PoolStatus> {
    return this.health.runCheck();
  }

  onStatusChange(listener: (change: PoolStatusChange) => void): Disposer {
    return this.health.onStatusChange(listener);
  }

  onHealthCheckFailed(listener: (failure: PoolHealthCheckFailure) => void): Disposer {
    return this.health.onHealthCheckFailed(listener);
  }

  /** Stops the checks, rejects waiting callers, lets replies in flight arrive (up to `drainTimeout`), then closes every connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.health.stop();
      this.queue.close();
      const connections = [...this.connections];
      // QUIT goes through ioredis's queue behind the replies in flight; the gate refuses new commands after.
      const quits = connections.map((c) => (c.status === 'ready' ? c.quit().then(noop, noop) : Promise.resolve()));
      this.gate.closed = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(quits),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.resolved.drainTimeout);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      // `client` keeps handing out the closed connections, whose commands fail with POOL_CLOSED.
      for (const c of connections) c.disconnect();
      this.leased.clear();
    })();
    return this.closing;
  }

  private take(): RedisPoolConnection {
    // Prefer a connection that is up; any will do (its commands fail fast if it is not).
    let index = this.shared.length - 1;
    for (let i = this.shared.length - 1; i >= 0; i--) {
      if (this.shared[i].status === 'ready') {
        index = i;
        break;
      }
    }
    const connection = this.shared[index];
    this.shared = this.shared.filter((_, i) => i !== index);
    this.leased.add(connection);
    return connection;
  }

  private replace(old: RedisPoolConnection): RedisPoolConnection {
    const fresh = this.connect();
    const at = this.connections.indexOf(old);
    if (at >= 0) this.connections[at] = fresh;
    this.shared = this.shared.filter((c) => c !== old);
    old.disconnect();
    return fresh;
  }

  private connect(): RedisPoolConnection {
    const o = this.resolved;
    const retry = (times: number): number => {
      const base = Math.min(o.reconnectInitialDelay * 2 ** Math.min(times - 1, 20), o.reconnectMaxDelay);
      return Math.round(base / 2 + Math.random() * (base / 2)); // "equal jitter": spread out, never zero
    };
    const common: RedisOptions & { replyMapping?: 'legacy' } = {
      username: o.username,
      password: o.password,
      tls: o.tls,
      connectTimeout: o.connectTimeout,
      commandTimeout: o.commandTimeout,
      enableAutoPipelining: o.enableAutoPipelining,
      keyPrefix: o.keyPrefix,
      connectionName: o.connectionName,
      // Commands sent before a drop fail when it drops; nothing waits for a reconnect.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    };
    let connection: RedisPoolConnection;
    if (o.mode === 'cluster') {
      const clusterOptions: ClusterOptions & { redisOptions?: { replyMapping?: 'legacy' } } = {
        redisOptions: { ...common, db: undefined } as ClusterOptions['redisOptions'] & { replyMapping?: 'legacy' },
        clusterRetryStrategy: retry,
        enableAutoPipelining: o.enableAutoPipelining,
        keyPrefix: o.keyPrefix,
      };
      connection = new FailFastCluster(this.gate, o.clusterNodes, clusterOptions);
    } else if (o.mode === 'sentinel') {
      connection = new FailFastRedis(this.gate, {
        ...common,
        db: o.db,
        sentinels: o.sentinels,
        name: o.sentinelName,
        sentinelPassword: o.sentinelPassword,
        // Without it a connection stays on a demoted master that is still alive: that server takes
        // writes (lost at its resync) until the sentinels reconfigure it, ~8 s after the switch.
        // With it each connection subscribes to +switch-master on the sentinels and reconnects at once.
        failoverDetector: true,
        retryStrategy: retry,
      });
    } else {
      connection = new FailFastRedis(this.gate, { ...common, host: o.host, port: o.port, db: o.db, retryStrategy: retry });
    }
    connection.on('error', (err: unknown) => {
      this.failed++;
      this.health.noteError(redactError(err));
    });
    // A connection that gives up for good is replaced, so the pool keeps its size.
    connection.once('end', () => {
      if (this.gate.closed || !this.connections.includes(connection)) return;
      // replace() first: it drops the ended connection from `shared`, which must be read after that.
      const fresh = this.replace(connection);
      this.shared = [...this.shared, fresh];
    });
    return connection;
  }

  /** PINGs every connection not leased (a leased one may be blocked on purpose). */
  private async probe(): Promise<CheckOutcome> {
    const targets = this.shared;
    if (targets.length === 0) return { result: 'ok' };
    const results = await Promise.all(targets.map((c) => pingWithin(c, this.resolved.healthCheckTimeout)));
    const errors = results.filter((r): r is string => r !== null);
    if (errors.length === 0) return { result: 'ok' };
    const error = `PING failed on ${errors.length}/${targets.length} connections: ${errors[0]}`;
    return { result: errors.length === targets.length ? 'failed' : 'partial', error };
  }
}

/** Resolves with null when PONG arrives in time, else with the (redacted) reason. */
async function pingWithin(connection: RedisPoolConnection, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no PONG within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
  });
  const pong = (connection instanceof FailFastCluster ? pingCluster(connection) : connection.ping()).then(
    () => null,
    (err: unknown) => redactError(err),
  );
  const result = await Promise.race([pong, timeout]);
  clearTimeout(timer);
  return result;
}

/** A cluster is healthy when every master answers. */
async function pingCluster(cluster: FailFastCluster): Promise<void> {
  if (cluster.status !== 'ready') {
    await cluster.ping(); // refused at once by the gate while down, or queued until ready
    return;
  }
  const masters = cluster.nodes('master');
  if (masters.length === 0) throw new Error('cluster has no master connected');
  await Promise.all(masters.map((node) => node.ping()));
}

function describeTarget(o: ResolvedRedisPoolOptions): string {
  if (o.mode === 'cluster') return `cluster of ${o.clusterNodes.map((n) => `${n.host}:${n.port}`).join(', ')}`;
  if (o.mode === 'sentinel') return `sentinel master "${o.sentinelName ?? ''}"`;
  return `${o.host}:${o.port}/${o.db}`;
}

function noop(): void {}
