/**
 * Private Redis servers for tests: a standalone server (the example app's launcher) and a
 * Redis Cluster of N masters built with `redis-cli --cluster create`, and a master + replica +
 * sentinel set for Sentinel mode.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRedisServer, type RedisServerHandle } from '../../apps/example/src/embedded/redis-launcher.js';

export { startRedisServer, isRedisServerInstalled } from '../../apps/example/src/embedded/redis-launcher.js';
export type { RedisServerHandle, RedisServerOptions } from '../../apps/example/src/embedded/redis-launcher.js';

const run = promisify(execFile);

export interface RedisClusterHandle {
  nodes: { host: string; port: number }[];
  servers: RedisServerHandle[];
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  masters?: number;
  /** How long to wait for the cluster to form (default 20 s). */
  timeoutMs?: number;
}

/** Starts `masters` cluster-enabled servers, joins them with no replicas and waits for `cluster_state:ok`. */
export async function startRedisCluster(opts: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = opts.masters ?? 3;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const servers: RedisServerHandle[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      // Each server has its own dir, so the same config file name does not clash.
      servers.push(
        await startRedisServer({
          args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
        }),
      );
    }
    // Subscribe before creating: the line may be printed while `redis-cli` still runs.
    const formed = Promise.all(servers.map((s) => s.waitForOutput(/Cluster state changed: ok/, timeoutMs)));
    formed.catch(() => undefined);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...servers.map((s) => `${s.host}:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      {
        timeout: timeoutMs,
      },
    );
    await formed;
    for (const s of servers) {
      const { stdout } = await run('redis-cli', ['-h', s.host, '-p', String(s.port), 'cluster', 'info'], { timeout: 5_000 });
      if (!/cluster_state:ok/.test(stdout)) throw new Error(`cluster node ${s.port} reports:\n${stdout}`);
    }
    return { nodes: servers.map((s) => ({ host: s.host, port: s.port })), servers, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface RedisSentinelHandle {
  readonly masterName: string;
  readonly master: RedisServerHandle;
  readonly replica: RedisServerHandle;
  readonly sentinel: RedisServerHandle;
  /** Where clients find the sentinel. */
  readonly sentinels: { host: string; port: number }[];
  stop(): Promise<void>;
}

/**
 * A master, one replica in sync with it, and one sentinel watching them (quorum 1, a master is down
 * after 500 ms): enough to see a failover. Waits on log lines, never on sleeps.
 */
export async function startRedisSentinel(opts: { masterName?: string } = {}): Promise<RedisSentinelHandle> {
  const masterName = opts.masterName ?? 'mymaster';
  const master = await startRedisServer();
  const replica = await startRedisServer({ args: ['--replicaof', master.host, String(master.port)] });
  await replica.waitForOutput(/MASTER <-> REPLICA sync: Finished with success/, 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'));
  const configFile = join(dir, 'sentinel.conf');
  writeFileSync(
    configFile,
    [
      `sentinel monitor ${masterName} ${master.host} ${master.port} 1`,
      `sentinel down-after-milliseconds ${masterName} 500`,
      `sentinel failover-timeout ${masterName} 2000`,
      `sentinel parallel-syncs ${masterName} 1`,
      '',
    ].join('\n'),
  );
  const sentinel = await startRedisServer({ configFile, args: ['--sentinel'], readyPattern: /\+monitor master/ });
  return {
    masterName,
    master,
    replica,
    sentinel,
    sentinels: [{ host: sentinel.host, port: sentinel.port }],
    async stop() {
      await Promise.all([sentinel.stop(), master.running ? master.stop() : Promise.resolve(), replica.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
