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
  /** The server that was master at start (after a failover it may be dead, or a replica). */
  readonly master: RedisServerHandle;
  /** The server that was the replica at start (the one a failover promotes). */
  readonly replica: RedisServerHandle;
  /** The first sentinel. */
  readonly sentinel: RedisServerHandle;
  /** Every sentinel, in start order. */
  readonly sentinelServers: readonly RedisServerHandle[];
  /** Where clients find the sentinels. */
  readonly sentinels: { host: string; port: number }[];
  /** Asks the first sentinel which server is master now. */
  currentMaster(): Promise<RedisServerHandle>;
  stop(): Promise<void>;
}

export interface RedisSentinelOptions {
  /** The name sentinels monitor the master under (default "mymaster"). */
  masterName?: string;
  /** How many sentinels watch the master (default 1). The quorum is 1 either way. */
  sentinels?: number;
  /** How long to wait for each step of start-up (default 10 s). */
  timeoutMs?: number;
}

/**
 * A master, one replica in sync with it, and sentinels watching them (quorum 1, a master is down
 * after 500 ms): enough to see a failover. Resolves once every sentinel knows the replica (no
 * failover is possible before) and the other sentinels (else each would act alone). Waits on log
 * lines, never on sleeps; whatever started is stopped again when a step fails.
 */
export async function startRedisSentinel(opts: RedisSentinelOptions = {}): Promise<RedisSentinelHandle> {
  const masterName = opts.masterName ?? 'mymaster';
  const count = opts.sentinels ?? 1;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  if (!Number.isInteger(count) || count < 1) throw new Error(`startRedisSentinel: sentinels must be an integer >= 1, got ${count}`);
  const started: RedisServerHandle[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'));
  const stop = async (): Promise<void> => {
    // Sentinels first, so none starts a failover while the data servers go down.
    await Promise.all(started.filter((s) => s !== master && s !== replica).map((s) => s.stop()));
    await Promise.all(started.filter((s) => s === master || s === replica).map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  let master: RedisServerHandle | undefined;
  let replica: RedisServerHandle | undefined;
  try {
    master = await startRedisServer();
    started.push(master);
    replica = await startRedisServer({ args: ['--replicaof', master.host, String(master.port)] });
    started.push(replica);
    await replica.waitForOutput(/MASTER <-> REPLICA sync: Finished with success/, timeoutMs);
    const sentinelServers: RedisServerHandle[] = [];
    for (let i = 0; i < count; i++) {
      // A sentinel rewrites its config file, so each has its own.
      const configFile = join(dir, `sentinel-${i}.conf`);
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
      const sentinel = await startRedisServer({
        configFile,
        args: ['--sentinel'],
        readyPattern: /\+monitor master/,
        startTimeoutMs: timeoutMs,
      });
      started.push(sentinel);
      sentinelServers.push(sentinel);
    }
    const replicaSeen = new RegExp(`\\+slave slave ${escape(replica.host)}:${replica.port} `);
    await Promise.all(sentinelServers.map((s) => s.waitForOutput(replicaSeen, timeoutMs)));
    // Sentinels find each other through hello messages on the master (every 2 s).
    await Promise.all(
      sentinelServers.flatMap((s) =>
        sentinelServers
          .filter((other) => other !== s)
          .map((other) => s.waitForOutput(new RegExp(`\\+sentinel sentinel \\S+ ${escape(other.host)} ${other.port} `), timeoutMs)),
      ),
    );
    const servers = [master, replica];
    return {
      masterName,
      master,
      replica,
      sentinel: sentinelServers[0],
      sentinelServers,
      sentinels: sentinelServers.map((s) => ({ host: s.host, port: s.port })),
      async currentMaster() {
        const first = sentinelServers[0];
        const { stdout } = await run(
          'redis-cli',
          ['-h', first.host, '-p', String(first.port), 'sentinel', 'get-master-addr-by-name', masterName],
          { timeout: 5_000 },
        );
        const [host, port] = stdout.trim().split('\n');
        const found = servers.find((s) => s.host === host && s.port === Number(port));
        if (!found) throw new Error(`sentinel names ${host}:${port} as master of "${masterName}", which this set did not start`);
        return found;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
