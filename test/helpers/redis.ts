/**
 * Private Redis servers for tests: a standalone server (the example app's launcher) and a
 * Redis Cluster of N masters built with `redis-cli --cluster create`.
 */
import { execFile } from 'node:child_process';
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
