/**
 * Starts a private `redis-server` on 127.0.0.1 for tests, benchmarks and the example app.
 *
 * The server runs under a tiny `sh` guard that holds the read end of a pipe from this process:
 * when this process dies for any reason (even SIGKILL), the pipe closes, `read` returns and the
 * guard kills the server. So a server never outlives the process that started it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort } from './free-port.js';

export interface RedisServerOptions {
  /** A fixed port; by default a free one is picked (and re-picked if another process grabs it). */
  port?: number;
  /** Extra `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`. */
  args?: string[];
  /** The executable; default `$REDIS_SERVER_BIN` or `redis-server` on the PATH. */
  bin?: string;
  /** How long to wait for "Ready to accept connections" (default 10 s). */
  startTimeoutMs?: number;
  /** A config file, passed first as redis-server requires (a sentinel needs one it can rewrite). */
  configFile?: string;
  /** The log line that means the server is up; default "Ready to accept connections" (a sentinel prints `+monitor` instead). */
  readyPattern?: RegExp;
}

export interface RedisServerHandle {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The pid of the redis-server process (changes after `restart()`). */
  readonly pid: number;
  /** Whether the server process is alive. */
  readonly running: boolean;
  /** The server's own temp dir (its working dir: cluster config files land here). */
  readonly dir: string;
  /** Log lines printed by the server since it was first started. */
  readonly output: readonly string[];
  /** Resolves when a log line matches (lines already printed count), rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Graceful shutdown (SIGTERM) and removal of its temp dir. */
  stop(): Promise<void>;
  /** Sends a signal (default SIGKILL) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP: the server keeps its sockets open but answers nothing. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Stops the server if it runs and starts it again on the same port and dir. */
  restart(): Promise<void>;
}

const READY = /Ready to accept connections/;
const PORT_IN_USE = /Address already in use|bind: /i;

// $0 is the redis-server binary, "$@" its arguments. fd 3 keeps our stdin pipe: background jobs
// of a non-interactive shell get /dev/null as stdin, so the watcher reads fd 3 explicitly.
const GUARD_SCRIPT = [
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'r=$!',
  'echo "__redis_pid=$r"',
  '(read _ <&3; kill -9 $r 2>/dev/null) &',
  'w=$!',
  'wait $r',
  's=$?',
  'kill $w 2>/dev/null',
  'exit $s',
].join('\n');

/** Every live guard, so that a normal exit of this process stops them synchronously too. */
const live = new Set<{ redisPid: number }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const entry of live) {
      try {
        process.kill(entry.redisPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export function isRedisServerInstalled(bin = process.env.REDIS_SERVER_BIN ?? 'redis-server'): boolean {
  const result = spawnSync(bin, ['--version'], { stdio: 'ignore' });
  return result.status === 0;
}

interface Running {
  child: ChildProcess;
  redisPid: number;
  exited: Promise<void>;
  entry: { redisPid: number };
}

class RedisServer implements RedisServerHandle {
  readonly host = '127.0.0.1';
  readonly output: string[] = [];
  private current: Running | undefined;
  private readonly lineListeners = new Set<(line: string) => void>();

  constructor(
    private portNumber: number,
    readonly dir: string,
    private readonly bin: string,
    private readonly extraArgs: string[],
    private readonly startTimeoutMs: number,
    private readonly configFile: string | undefined = undefined,
    private readonly readyPattern: RegExp = READY,
  ) {}

  get port(): number {
    return this.portNumber;
  }
  get url(): string {
    return `redis://${this.host}:${this.portNumber}`;
  }
  get pid(): number {
    return this.current?.redisPid ?? 0;
  }
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Spawns the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const args = [
      ...(this.configFile === undefined ? [] : [this.configFile]),
      '--port', String(this.portNumber),
      '--bind', this.host,
      '--save', '',
      '--appendonly', 'no',
      '--dir', this.dir,
      '--daemonize', 'no',
      '--protected-mode', 'no',
      '--logfile', '',
      ...this.extraArgs,
    ]; // prettier-ignore
    const child = spawn('sh', ['-c', GUARD_SCRIPT, this.bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Nothing is ever written to the guard's stdin: it exists only to close when we die.
    child.stdin?.on('error', () => undefined);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const tail: string[] = [];
    let redisPid = 0;
    let onLine: (line: string) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`redis-server on port ${this.portNumber} did not start within ${this.startTimeoutMs} ms:\n${tail.join('\n')}`));
      }, this.startTimeoutMs);
      timer.unref();
      onLine = (line) => {
        if (this.readyPattern.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      };
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${this.portNumber} exited during start-up:\n${tail.join('\n')}`));
      });
    });
    const handleLine = (line: string): void => {
      const pidMatch = /^__redis_pid=(\d+)$/.exec(line);
      if (pidMatch) {
        redisPid = Number(pidMatch[1]);
        entry.redisPid = redisPid;
        return;
      }
      tail.push(line);
      if (tail.length > 30) tail.shift();
      this.output.push(line);
      if (this.output.length > 2000) this.output.shift();
      onLine(line);
      for (const listener of this.lineListeners) listener(line);
    };
    const entry = { redisPid: 0 };
    live.add(entry);
    readLines(child.stdout, handleLine);
    readLines(child.stderr, handleLine);
    void exited.then(() => live.delete(entry));
    try {
      await ready;
    } catch (err) {
      child.kill('SIGKILL');
      if (redisPid) safeKill(redisPid, 'SIGKILL');
      await exited;
      throw err;
    }
    const running: Running = { child, redisPid, exited, entry };
    this.current = running;
    void exited.then(() => {
      if (this.current === running) this.current = undefined;
    });
  }

  /** Tries successive free ports while another process wins the race for the one picked. */
  async startOnFreePort(attempts: number): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        await this.start();
        return;
      } catch (err) {
        if (i >= attempts || !PORT_IN_USE.test(String(err))) throw err;
        this.portNumber = await getFreePort();
      }
    }
  }

  waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const seen = this.output.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (line: string): void => {
        if (!pattern.test(line)) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`redis-server on port ${this.portNumber} printed no line matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
      };
      this.lineListeners.add(listener);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = this.current;
    if (!running) return;
    safeKill(running.redisPid, signal);
    // A paused server handles SIGTERM only once it runs again.
    if (signal !== 'SIGKILL') safeKill(running.redisPid, 'SIGCONT');
    await running.exited;
  }

  async stop(): Promise<void> {
    const running = this.current;
    if (running) {
      // Bounded: a server that ignores SIGTERM for 5 s is killed.
      const escalate = setTimeout(() => safeKill(running.redisPid, 'SIGKILL'), 5_000);
      escalate.unref();
      await this.kill('SIGTERM');
      clearTimeout(escalate);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  pause(): void {
    if (this.current) safeKill(this.current.redisPid, 'SIGSTOP');
  }

  resume(): void {
    if (this.current) safeKill(this.current.redisPid, 'SIGCONT');
  }

  async restart(): Promise<void> {
    if (this.current) await this.kill('SIGTERM');
    await this.start();
  }
}

function safeKill(pid: number, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // the process is already gone
  }
}

function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, nl).replace(/\r$/, ''));
      buffered = buffered.slice(nl + 1);
    }
  });
}

/** Spawns `redis-server` on 127.0.0.1 (a free port unless given) with no persistence, in its own temp dir. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerHandle> {
  installExitHook();
  const bin = opts.bin ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const server = new RedisServer(
    opts.port ?? (await getFreePort()),
    dir,
    bin,
    opts.args ?? [],
    opts.startTimeoutMs ?? 10_000,
    opts.configFile,
    opts.readyPattern,
  );
  try {
    if (opts.port === undefined) await server.startOnFreePort(5);
    else await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}
