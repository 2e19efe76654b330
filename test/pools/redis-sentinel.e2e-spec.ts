/**
 * Sentinel mode against real servers: the pool finds the master through the sentinel, and after
 * the master dies and the sentinel promotes the replica, it writes to the new master by itself.
 */
import { RedisConnectionPool } from '../../libs/resilience/src/core/pools/redis-pool.js';
import { startRedisSentinel, type RedisSentinelHandle } from '../helpers/redis.js';

type Connection = RedisConnectionPool['client'];

/** Runs `command` on the pool's next connection once it is ready (the pool fails fast while one reconnects, by design). */
async function whenReady<T>(pool: RedisConnectionPool, command: (connection: Connection) => Promise<T>, attempts = 10): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const connection = pool.client;
    if (connection.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`connection still ${connection.status} after 10 s`)), 10_000);
        connection.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    try {
      return await command(connection);
    } catch (error) {
      // Refused because the connection dropped between the check and the command: wait for it again.
      if (connection.status === 'ready') throw error;
      lastError = error;
    }
  }
  throw lastError;
}

describe('RedisConnectionPool in Sentinel mode', () => {
  let set: RedisSentinelHandle;
  let pool: RedisConnectionPool | undefined;

  beforeAll(async () => {
    set = await startRedisSentinel();
  }, 30_000);
  afterAll(async () => {
    await pool?.close();
    await set.stop();
  });

  it('reaches the master through the sentinel, and follows a failover to the promoted replica', async () => {
    pool = new RedisConnectionPool('sentinel_cache', {
      sentinels: set.sentinels,
      sentinelName: set.masterName,
      maxConnections: 2,
      healthCheckInterval: 0,
    });
    await pool.client.set('before', 'failover');
    expect(await pool.client.get('before')).toBe('failover');
    expect(await pool.checkHealth()).toBe('up');

    const switched = set.sentinel.waitForOutput(/\+switch-master/, 20_000);
    await set.master.kill();
    const line = await switched;
    expect(line).toContain(String(set.replica.port)); // the replica is the new master

    await whenReady(pool, (c) => c.set('after', 'failover'));
    // Every connection of the pool reaches the new master, and sees what was written before the switch.
    for (let i = 0; i < 2; i++) {
      expect(await whenReady(pool, (c) => c.mget('before', 'after'))).toEqual(['failover', 'failover']);
    }
  }, 40_000);
});
