/**
 * ioredis clients that refuse commands at once, with `POOL_UNAVAILABLE`, while their connection
 * is down, instead of queueing them until it comes back (ioredis's default, which lets callers
 * pile up for as long as Redis is away). Before the first connection (and during a handshake)
 * commands still queue, bounded by `connectTimeout` and `commandTimeout`.
 */
import { Cluster, Redis, type ClusterNode, type ClusterOptions, type Command, type RedisOptions } from 'ioredis';
import { ResilienceError } from '../errors.js';

/** What a connection asks the pool before refusing a command. */
export interface FailFastGate {
  /** True once the pool is closing: commands fail with `POOL_CLOSED`. */
  readonly closed: boolean;
  /** How errors name the pool and target (no secrets). */
  readonly label: string;
}

const DOWN_STATUSES = new Set(['close', 'reconnecting', 'end', 'disconnecting']);

/** `stream` is set for handshake and pipeline-internal writes, which always go through; callers check it first. */
function mustRefuse(gate: FailFastGate, status: string, hasFailed: boolean): boolean {
  // Once closing, even a still-open socket takes nothing new (QUIT is already queued).
  return gate.closed || (status !== 'ready' && (DOWN_STATUSES.has(status) || (hasFailed && status === 'connecting')));
}

function refuse(gate: FailFastGate, status: string, command: Command): unknown {
  const error = gate.closed
    ? new ResilienceError('POOL_CLOSED', `${gate.label} is closed; ${command.name.toUpperCase()} not sent`)
    : new ResilienceError(
        'POOL_UNAVAILABLE',
        `${gate.label} is unavailable (connection ${status}); ${command.name.toUpperCase()} not sent`,
      );
  command.reject(error);
  return command.promise;
}

export class FailFastRedis extends Redis {
  /** Set after the first connection error; cleared when the connection is ready again. */
  hasFailed = false;

  constructor(
    private readonly gate: FailFastGate,
    options: RedisOptions & { replyMapping?: 'legacy' },
  ) {
    super(options);
    this.on('error', () => {
      this.hasFailed = true;
    });
    this.on('close', () => {
      this.hasFailed = true;
    });
    this.on('ready', () => {
      this.hasFailed = false;
    });
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    if (!stream && mustRefuse(this.gate, this.status, this.hasFailed)) {
      return refuse(this.gate, this.status, command);
    }
    return super.sendCommand(command, stream);
  }
}

export class FailFastCluster extends Cluster {
  hasFailed = false;

  constructor(
    private readonly gate: FailFastGate,
    nodes: ClusterNode[],
    options: ClusterOptions & { redisOptions?: { replyMapping?: 'legacy' } },
  ) {
    super(nodes, options);
    this.on('error', () => {
      this.hasFailed = true;
    });
    this.on('close', () => {
      this.hasFailed = true;
    });
    this.on('ready', () => {
      this.hasFailed = false;
    });
  }

  override sendCommand(command: Command, stream?: Parameters<Cluster['sendCommand']>[1], node?: unknown): unknown {
    if (!stream && mustRefuse(this.gate, this.status, this.hasFailed)) {
      return refuse(this.gate, this.status, command);
    }
    return super.sendCommand(command, stream, node);
  }
}
