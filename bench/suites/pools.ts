/**
 * Pools: what the HTTP and Redis pools cost against the raw clients they wrap, measured in the
 * same run on private servers (a redis-server and the upstream stub, started and stopped here).
 */
import http from 'node:http';
import axios from 'axios';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { HttpConnectionPool } from '../../libs/resilience/src/core/pools/http-pool.js';
import { RedisConnectionPool } from '../../libs/resilience/src/core/pools/redis-pool.js';
import { startRedisServer } from '../../apps/example/src/embedded/redis-launcher.js';
import { startUpstreamStub } from '../../apps/example/src/embedded/upstream-stub.js';
import { median, type BenchRow, type BenchSuite } from '../harness.js';

const SUITE = 'pools';
const CONCURRENCY = 50;
const ROUNDS = 7;
const WARMUP = 1;

/** Runs `total` operations with `concurrency` workers and returns operations per second. */
async function throughput(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++);
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Interleaved rounds (A, B, A, B, ...) so load drift hits every case alike; median ops/s of each. */
async function interleavedThroughput(cases: Record<string, () => Promise<number>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(cases)) samples[name] = [];
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (const [name, run] of Object.entries(cases)) {
      const opsPerSecond = await run();
      if (r >= WARMUP) samples[name].push(opsPerSecond);
    }
  }
  const result: Record<string, number> = {};
  for (const [name, s] of Object.entries(samples)) result[name] = median(s);
  return result;
}

function minRatioRow(
  name: string,
  value: number,
  baseline: number,
  unit: BenchRow['unit'],
  minRatio: number | undefined,
  baselineName: string,
): BenchRow {
  const ratio = value / baseline;
  return {
    suite: SUITE,
    name,
    value,
    unit,
    ratio,
    target: minRatio === undefined ? undefined : `>= ${minRatio}x ${baselineName}`,
    pass: minRatio === undefined ? undefined : ratio >= minRatio,
  };
}

async function redisRows(): Promise<BenchRow[]> {
  const server = await startRedisServer();
  const raw = new Redis({ host: server.host, port: server.port });
  // The pool gives every command a timeout (a timer per command); the fair baseline does too.
  const rawTimed = new Redis({ host: server.host, port: server.port, commandTimeout: 5_000 });
  // Same connection count as the raw client: the difference is the pool's own cost.
  const pool = new RedisConnectionPool('bench', { host: server.host, port: server.port, maxConnections: 1, healthCheckInterval: 0 });
  const pool4 = new RedisConnectionPool('bench4', { host: server.host, port: server.port, maxConnections: 4, healthCheckInterval: 0 });
  try {
    await Promise.all([raw.ping(), rawTimed.ping(), pool.client.ping(), pool4.client.ping()]);
    const total = 20_000;
    const getSet = (client: () => Redis | RedisConnectionPool['client']) => (i: number) =>
      (i & 1 ? client().get(`bench:${i & 1023}`) : client().set(`bench:${i & 1023}`, 'value')) as Promise<unknown>;
    const rawOp = getSet(() => raw);
    const rawTimedOp = getSet(() => rawTimed);
    const poolOp = getSet(() => pool.client);
    const pool4Op = getSet(() => pool4.client);
    const r = await interleavedThroughput({
      raw: () => throughput(total, CONCURRENCY, rawOp),
      rawTimed: () => throughput(total, CONCURRENCY, rawTimedOp),
      pool: () => throughput(total, CONCURRENCY, poolOp),
      pool4: () => throughput(total, CONCURRENCY, pool4Op),
    });
    // Acquire + release of a lease from a warm pool, one after another.
    const leasePool = pool4;
    const acquireSamples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t0 = process.hrtime.bigint();
      const conn = await leasePool.acquire();
      const t1 = process.hrtime.bigint();
      leasePool.release(conn);
      if (i >= 2_000) acquireSamples.push(Number(t1 - t0));
    }
    const acquireNs = median(acquireSamples);
    return [
      { suite: SUITE, name: `redis GET/SET raw ioredis (1 conn, c=${CONCURRENCY})`, value: r.raw, unit: 'ops/s' },
      minRatioRow(`redis GET/SET raw ioredis + commandTimeout`, r.rawTimed, r.raw, 'ops/s', undefined, 'raw'),
      minRatioRow(`redis GET/SET via pool (1 conn, c=${CONCURRENCY})`, r.pool, r.rawTimed, 'ops/s', 0.95, 'raw+timeout'),
      minRatioRow(`redis GET/SET via pool (4 conns, c=${CONCURRENCY})`, r.pool4, r.rawTimed, 'ops/s', undefined, 'raw+timeout'),
      {
        suite: SUITE,
        name: 'redis pool acquire, warm (median)',
        value: acquireNs,
        unit: 'ns/op',
        target: '< 100,000 ns (0.1 ms)',
        pass: acquireNs < 100_000,
      },
    ];
  } finally {
    await Promise.all([pool.close(), pool4.close()]);
    raw.disconnect();
    rawTimed.disconnect();
    await server.stop();
  }
}

async function httpRows(): Promise<BenchRow[]> {
  const stub = await startUpstreamStub();
  const connections = 10;
  const raw = new Pool(stub.url, { connections, pipelining: 1 });
  const pool = new HttpConnectionPool('bench', {
    baseUrl: stub.url,
    maxConnections: connections,
    healthCheckInterval: 0,
    acquireTimeout: 30_000,
  });
  // The alternative measured for the pool's transport: axios's Node adapter over a keep-alive agent.
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxTotalSockets: connections });
  const viaAgent = axios.create({ baseURL: stub.url, httpAgent: agent, adapter: 'http' });
  try {
    const total = 3_000;
    const r = await interleavedThroughput({
      raw: () =>
        throughput(total, CONCURRENCY, async () => {
          const res = await raw.request({ path: '/data', method: 'GET' });
          return res.body.json();
        }),
      pool: () => throughput(total, CONCURRENCY, () => pool.get('/data')),
      poolAxios: () => throughput(total, CONCURRENCY, () => pool.axios.get('/data')),
      agent: () => throughput(total, CONCURRENCY, () => viaAgent.get('/data')),
    });
    return [
      { suite: SUITE, name: `http GET raw undici Pool (${connections} conns, c=${CONCURRENCY})`, value: r.raw, unit: 'req/s' },
      minRatioRow(`http GET via pool.get (fast path)`, r.pool, r.raw, 'req/s', 0.7, 'raw'),
      minRatioRow(`http GET via pool.axios (axios over undici)`, r.poolAxios, r.raw, 'req/s', undefined, 'raw'),
      minRatioRow(`http GET axios over http.Agent (rejected transport)`, r.agent, r.raw, 'req/s', undefined, 'raw'),
      minRatioRow(`axios: undici adapter vs http.Agent`, r.poolAxios, r.agent, 'req/s', undefined, 'agent'),
    ];
  } finally {
    await pool.close();
    await raw.close();
    agent.destroy();
    await stub.stop();
  }
}

export const suite: BenchSuite = {
  name: SUITE,
  async run() {
    return [...(await redisRows()), ...(await httpRows())];
  },
};
