/**
 * Sentinel mode against real servers: a master, a synced replica and two sentinels. The pool finds
 * the master through the sentinels, follows a manual failover (old master still alive, demoted)
 * and a crash failover (master SIGKILLed, replica promoted) by itself, and closes without leaving
 * a connection or a process behind.
 */
import { Redis } from 'ioredis';
import { ResilienceError } from '../../libs/resilience/src/core/errors.js';
import { RedisConnectionPool } from '../../libs/resilience/src/core/pools/redis-pool.js';
import { startRedisSentinel, type RedisServerHandle, type RedisSentinelHandle } from '../helpers/redis.js';

const CONNECTIONS = 3;
const NAME = 'sentinel-e2e';

type Connection = RedisConnectionPool['client'];

/** Retries `attempt` until it returns true or throws nothing, polling every 50 ms up to a deadline. */
async function eventually(what: string, attempt: () => Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  let last: unknown = 'never true';
  for (;;) {
    try {
      if (await attempt()) return;
    } catch (error) {
      last = error; // refused (POOL_UNAVAILABLE) while a connection reconnects: expected for a moment
    }
    if (Date.now() > end) throw new Error(`${what} not reached within ${deadlineMs} ms; last: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each of the pool's connections once (none is leased here, so `client` cycles through all). */
function everyConnection(pool: RedisConnectionPool): Connection[] {
  return Array.from({ length: CONNECTIONS }, () => pool.client);
}

/** The port of the server a connection talks to, asked of the server itself. */
async function serverPort(connection: Connection): Promise<number> {
  const info = await (connection as Redis).info('server');
  return Number(/tcp_port:(\d+)/.exec(info)?.[1]);
}

/** How many of the pool's connections (by CLIENT SETNAME) a server holds. */
async function poolClientsOn(server: RedisServerHandle): Promise<number> {
  const raw = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await raw.connect();
    const list = (await raw.client('LIST')) as string;
    return list.split('\n').filter((line) => line.includes(` name=${NAME} `)).length;
  } finally {
    raw.disconnect();
  }
}

/** How many connections on a sentinel are subscribed (the pool's failover detectors). */
async function subscribersOn(sentinel: RedisServerHandle): Promise<number> {
  const raw = new Redis({ host: sentinel.host, port: sentinel.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await raw.connect();
    const list = (await raw.client('LIST')) as string;
    return list.split('\n').filter((line) => / sub=[1-9]/.test(line)).length;
  } finally {
    raw.disconnect();
  }
}

/** Waits until `count()` equals `expected` (subscriptions start, and servers drop closed clients, a moment later). */
async function expectCount(what: string, count: () => Promise<number>, expected: number): Promise<void> {
  await eventually(
    `${what} = ${expected}`,
    async () => {
      const n = await count();
      if (n !== expected) throw new Error(`${what} is ${n}`);
      return true;
    },
    5_000,
  );
}

/** Every connection talks to `master`, and a write through the pool lands there. */
async function expectPoolOn(pool: RedisConnectionPool, master: RedisServerHandle, key: string, deadlineMs = 10_000): Promise<void> {
  await eventually(
    `every pool connection on ${master.port}`,
    async () => {
      const ports = await Promise.all(everyConnection(pool).map(serverPort));
      return ports.every((p) => p === master.port);
    },
    deadlineMs,
  );
  await eventually(`SET ${key} through the pool`, async () => (await pool.client.set(key, 'v')) === 'OK');
  const direct = new Redis({ host: master.host, port: master.port, maxRetriesPerRequest: 0 });
  try {
    expect(await direct.get(key)).toBe('v');
  } finally {
    direct.disconnect();
  }
}

/** A fresh master + replica + two sentinels, and a pool on them, for one describe block. */
function sentinelSetAndPool(): { set: () => RedisSentinelHandle; pool: () => RedisConnectionPool } {
  let set: RedisSentinelHandle | undefined;
  let pool: RedisConnectionPool | undefined;
  beforeAll(async () => {
    set = await startRedisSentinel({ masterName: 'cache', sentinels: 2 });
    pool = new RedisConnectionPool('sentinel_cache', {
      sentinels: set.sentinels,
      sentinelName: set.masterName,
      maxConnections: CONNECTIONS,
      connectionName: NAME,
      healthCheckInterval: 0,
      reconnectMaxDelay: 200,
    });
    await pool.client.set('greeting', 'hello');
  }, 30_000);
  afterAll(async () => {
    await pool?.close();
    await set?.stop();
  });
  return { set: () => set!, pool: () => pool! };
}

describe('RedisConnectionPool in Sentinel mode, manual failover', () => {
  const { set, pool } = sentinelSetAndPool();

  it('finds the master through the sentinels: GET/SET work and health is up', async () => {
    expect(await pool().client.get('greeting')).toBe('hello');
    expect(await pool().checkHealth()).toBe('up');
    expect(await set().currentMaster()).toBe(set().master);
    await expectPoolOn(pool(), set().master, 'start');
    await expectCount('pool clients on the master', () => poolClientsOn(set().master), CONNECTIONS);
    // Each connection listens for +switch-master on every sentinel.
    for (const sentinel of set().sentinelServers)
      await expectCount(`subscribers on sentinel ${sentinel.port}`, () => subscribersOn(sentinel), CONNECTIONS);
  });

  it('replaces a connection that ends, and the ended one leaves the round-robin', async () => {
    const gone = pool().client;
    const ended = new Promise<void>((resolve) => gone.once('end', () => resolve()));
    gone.disconnect(); // ioredis ends a connection for good this way (it also does so during some failovers)
    await ended;
    const inUse = new Set(Array.from({ length: 2 * CONNECTIONS }, () => pool().client));
    expect(inUse.has(gone)).toBe(false);
    expect(inUse.size).toBe(CONNECTIONS);
    await expectPoolOn(pool(), set().master, 'after-end');
    expect(await pool().checkHealth()).toBe('up');
  });

  it('moves every connection to the promoted replica at once, while the old master is still up and takes writes', async () => {
    const { master, replica, sentinel, sentinelServers, masterName } = set();
    const switchLine = new RegExp(`\\+switch-master cache \\S+ ${master.port} \\S+ ${replica.port}`);
    // Wait for every sentinel's announcement: each one makes the pool's connections reconnect.
    const switched = Promise.all(sentinelServers.map((s) => s.waitForOutput(switchLine, 15_000)));
    const admin = new Redis({ host: sentinel.host, port: sentinel.port, maxRetriesPerRequest: 0 });
    try {
      await admin.call('SENTINEL', 'FAILOVER', masterName);
    } finally {
      admin.disconnect();
    }
    await switched;
    expect(await set().currentMaster()).toBe(replica);

    // The sentinels demote a live old master only ~8 s after the switch; the pool must not wait for that.
    await expectPoolOn(pool(), replica, 'after-manual', 5_000);
    await expectCount('pool clients on the master', () => poolClientsOn(master), 0);
    expect(await pool().client.get('greeting')).toBe('hello'); // replicated before the switch
  }, 20_000);
});

describe('RedisConnectionPool in Sentinel mode, crash failover', () => {
  const { set, pool } = sentinelSetAndPool();

  it('after the master is SIGKILLed and the replica promoted, writes succeed again and health is up', async () => {
    const { master, replica, sentinelServers } = set();
    // Every sentinel announces the switch (the second when hello messages reach it), and each
    // announcement makes ioredis's failover detector reconnect all connections: wait for all.
    const switchLine = new RegExp(`\\+switch-master cache \\S+ ${master.port} \\S+ ${replica.port}`);
    const switched = Promise.all(sentinelServers.map((s) => s.waitForOutput(switchLine, 20_000)));
    await master.kill('SIGKILL');
    await expect(pool().client.get('greeting')).rejects.toThrow(); // down: fails (fast) rather than queueing
    await switched;

    await expectPoolOn(pool(), replica, 'after-crash');
    expect(await pool().client.get('greeting')).toBe('hello');
    await eventually(
      'health up',
      async () => {
        const status = await pool().checkHealth();
        if (status !== 'up') throw new Error(`${status}: ${pool().stats().lastError ?? ''}`);
        return true;
      },
      5_000,
    );
    expect(pool().status).toBe('up');
  }, 25_000);

  it('close() leaves no connection on the master or the sentinels, refuses commands, and stop() leaves no process', async () => {
    const master = await set().currentMaster();
    await expectCount('pool clients on the master', () => poolClientsOn(master), CONNECTIONS);
    await pool().close();
    await expectCount('pool clients on the master', () => poolClientsOn(master), 0);
    for (const sentinel of set().sentinelServers)
      await expectCount(`subscribers on sentinel ${sentinel.port}`, () => subscribersOn(sentinel), 0);
    for (const c of everyConnection(pool())) expect(c.status).toBe('end');
    await expect(pool().client.get('greeting')).rejects.toMatchObject({ code: 'POOL_CLOSED' } satisfies Partial<ResilienceError>);

    const servers = [set().master, set().replica, ...set().sentinelServers];
    const pids = servers.map((s) => s.pid).filter((pid) => pid > 0);
    expect(pids).toHaveLength(servers.length - 1); // all but the killed master
    await set().stop();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
