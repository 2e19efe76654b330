import { ResilienceConfigError, ResilienceError } from '../errors.js';
import { HttpConnectionPool } from './http-pool.js';
import type { HttpPoolOptions } from './http-pool-options.js';
import type { ManagedPool, PoolStats, PoolStatus } from './pool-types.js';
import { RedisConnectionPool } from './redis-pool.js';
import type { RedisPoolOptions } from './redis-pool-options.js';

export interface PoolsHealthReport {
  /** `down` if any pool is down, `degraded` if any is degraded, else `up` (no pools: `up`). */
  status: PoolStatus;
  pools: Record<string, PoolStats>;
}

/**
 * Creates and owns named pools, reports their health in one place and closes them all.
 * Framework-free; the Nest layer registers it as a provider and closes it on shutdown.
 */
export class ConnectionPoolManager {
  private readonly pools = new Map<string, ManagedPool>();
  private closing: Promise<void> | undefined;

  createHttpPool(name: string, options: HttpPoolOptions): HttpConnectionPool {
    return this.add(name, () => new HttpConnectionPool(name, options));
  }

  createRedisPool(name: string, options: RedisPoolOptions): RedisConnectionPool {
    return this.add(name, () => new RedisConnectionPool(name, options));
  }

  getHttpPool(name: string): HttpConnectionPool {
    const pool = this.pools.get(name);
    if (pool instanceof HttpConnectionPool) return pool;
    throw this.missing(name, 'HTTP');
  }

  getRedisPool(name: string): RedisConnectionPool {
    const pool = this.pools.get(name);
    if (pool instanceof RedisConnectionPool) return pool;
    throw this.missing(name, 'Redis');
  }

  /** Every pool, in creation order. */
  list(): ManagedPool[] {
    return [...this.pools.values()];
  }

  getHealthStatus(): PoolsHealthReport {
    const pools: Record<string, PoolStats> = {};
    let status: PoolStatus = 'up';
    for (const [name, pool] of this.pools) {
      const stats = pool.stats();
      pools[name] = stats;
      if (stats.status === 'down') status = 'down';
      else if (stats.status === 'degraded' && status === 'up') status = 'degraded';
    }
    return { status, pools };
  }

  /** Drains and closes every pool (in parallel, each bounded by its `drainTimeout`). Idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.allSettled([...this.pools.values()].map((p) => p.close())).then(() => {
      this.pools.clear();
    });
    return this.closing;
  }

  private add<P extends ManagedPool>(name: string, make: () => P): P {
    if (this.closing) throw new ResilienceError('POOL_CLOSED', `Connection pool manager is closed; cannot create pool "${name}"`);
    if (typeof name !== 'string' || name.length === 0) {
      throw new ResilienceConfigError([{ path: 'connection_pools', message: 'a pool needs a non-empty name' }]);
    }
    if (this.pools.has(name)) {
      throw new ResilienceConfigError([{ path: `connection_pools.${name}`, message: 'a pool with this name already exists' }]);
    }
    const pool = make();
    this.pools.set(name, pool);
    return pool;
  }

  private missing(name: string, kind: string): ResilienceConfigError {
    const known = this.list().map((p) => `${p.name} (${p.kind})`);
    return new ResilienceConfigError([
      {
        path: `connection_pools.${name}`,
        message: `no ${kind} pool with this name; known pools: ${known.length ? known.join(', ') : 'none'}`,
      },
    ]);
  }
}
