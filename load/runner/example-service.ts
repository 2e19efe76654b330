/**
 * Starts the BUILT example service (dist/apps/example/main.js) as a user would, for one scenario:
 * its own redis-server (so chaos can stop and start it), the bundled upstream stub (the app's
 * embedded default), an admin token, and the scenario's YAML overrides through CONFIG_FILE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type RedisServerHandle } from '../../apps/example/src/embedded/redis-launcher.js';

export const EXAMPLE_MAIN = fileURLToPath(new URL('../../dist/apps/example/main.js', import.meta.url));

export interface ExampleServiceOptions {
  configFile: string;
  /** Where the service's stdout/stderr go. */
  logFile: string;
  startTimeoutMs?: number;
  /** Extra environment for the service. */
  env?: Record<string, string>;
}

export interface ExampleService {
  readonly baseUrl: string;
  readonly adminToken: string;
  readonly redis: RedisServerHandle;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Variables that would point the service elsewhere than its own stub and our Redis. */
const DROPPED_ENV = ['REDIS_HOST', 'REDIS_PORT', 'REDIS_DB', 'EXTERNAL_API_BASE_URL', 'CONFIG_FILE', 'PORT', 'HOST'];

export async function startExampleService(options: ExampleServiceOptions): Promise<ExampleService> {
  if (!existsSync(EXAMPLE_MAIN))
    throw new Error(`${EXAMPLE_MAIN} is missing: run \`npm run build\` first (or pass --url to test a running service)`);
  const redis = await startRedisServer();
  const adminToken = randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of DROPPED_ENV) delete env[key];
  Object.assign(
    env,
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redis.url, ADMIN_TOKEN: adminToken, CONFIG_FILE: options.configFile },
    options.env,
  );

  const child = spawn(process.execPath, [EXAMPLE_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const port = await waitForListening(child, exited, options.startTimeoutMs ?? 30_000);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      adminToken,
      redis,
      pid: child.pid!,
      async stop() {
        await stopChild(child, exited);
        log.end();
        await redis.stop();
      },
    };
  } catch (error) {
    await stopChild(child, exited);
    log.end();
    await redis.stop();
    throw error;
  }
}

function waitForListening(child: ChildProcess, exited: Promise<number | null>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        const match = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
        if (match) {
          cleanup();
          resolve(Number(match[1]));
        }
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the example service did not start within ${timeoutMs} ms:\n${tail.join('\n')}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      cleanup();
      reject(new Error(`the example service exited (code ${code}) during start-up:\n${tail.join('\n')}`));
    });
  });
}

/** SIGTERM (the service drains in-flight requests), SIGKILL after 15 s. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const escalate = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(escalate);
}
