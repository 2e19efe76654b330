import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RedisConnectionPool } from '../../libs/resilience/src/core/pools/redis-pool.js';
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis.js';

const run = promisify(execFile);
const cli = async (port: number, ...args: string[]): Promise<string> =>
  (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();

describe('RedisConnectionPool against a private 3-master Redis Cluster', () => {
  let cluster: RedisClusterHandle;
  let pool: RedisConnectionPool;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    pool = new RedisConnectionPool('cluster', {
      clusterNodes: cluster.nodes.map((n) => `${n.host}:${n.port}`),
      maxConnections: 2,
      healthCheckInterval: 0,
    });
  }, 30_000);
  afterAll(async () => {
    await pool?.close();
    await cluster?.stop();
  });

  it('spreads keys over all three masters', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => pool.client.set(`spread:${i}`, String(i))));
    const sizes = await Promise.all(cluster.nodes.map(async (n) => Number(await cli(n.port, 'dbsize'))));
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    expect(await pool.client.get('spread:42')).toBe('42');
    expect(await pool.checkHealth()).toBe('up');
  });

  it('follows a MOVED redirection after a slot changes owner', async () => {
    const key = 'moved:key';
    await pool.client.set(key, 'before');
    const slot = await cli(cluster.nodes[0].port, 'cluster', 'keyslot', key);
    const ids = await Promise.all(cluster.nodes.map((n) => cli(n.port, 'cluster', 'myid')));
    const ownerIndex = (await Promise.all(cluster.nodes.map((n) => cli(n.port, 'cluster', 'countkeysinslot', slot)))).findIndex(
      (c) => c === '1',
    );
    expect(ownerIndex).toBeGreaterThanOrEqual(0);
    const owner = cluster.nodes[ownerIndex];
    const target = cluster.nodes[(ownerIndex + 1) % 3];
    const targetId = ids[(ownerIndex + 1) % 3];
    // Empty the slot, then hand it to another master; the pool's slot map is now stale. The target
    // first takes the highest config epoch, so gossip settles on it as the owner instead of the old
    // owner claiming the slot back (which showed up as "Too many Cluster redirections" now and then).
    await cli(owner.port, 'del', key);
    await cli(target.port, 'cluster', 'bumpepoch');
    for (const n of [target, owner, ...cluster.nodes.filter((x) => x !== owner && x !== target)]) {
      await cli(n.port, 'cluster', 'setslot', slot, 'node', targetId);
    }
    const conn = pool.client;
    const slotOwner = (): string | undefined => (conn as { slots?: string[][] }).slots?.[Number(slot)]?.[0];
    expect(slotOwner()).toBe(`${owner.host}:${owner.port}`);
    // Sent to the old owner by the stale map, answered with MOVED, followed to the new owner.
    await conn.set(key, 'after');
    expect(slotOwner()).toBe(`${target.host}:${target.port}`);
    expect(await cli(target.port, 'get', key)).toBe('after');
    expect(await cli(owner.port, 'exists', key)).toBe(`MOVED ${slot} ${target.host}:${target.port}`);
    expect(await pool.client.get(key)).toBe('after');
  });
});
