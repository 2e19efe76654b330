/**
 * Runs the example service as a user would: `npm run build` (once, and only when a source is newer
 * than the build), then `node dist/apps/example/main.js` as a child process, ready when it prints
 * its "listening" line. Embedded defaults apply unless the test passes REDIS_URL or
 * EXTERNAL_API_BASE_URL; the variables of the machine running the tests never leak in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(ROOT, 'dist/apps/example/main.js');
export const SHIPPED_CONFIG = join(ROOT, 'apps/example/config/resilience.yaml');
export const ADMIN_TOKEN = 'e2e-admin-token';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  try {
    const built = statSync(MAIN).mtimeMs;
    return built >= newestMtime(join(ROOT, 'apps/example/src')) && built >= newestMtime(join(ROOT, 'libs/resilience/src'));
  } catch {
    return false;
  }
}

const BUILD_LOCK = join(ROOT, 'dist/.example-e2e-build.lock');

/**
 * Takes the build lock: spec files run in parallel workers, and only one may write dist/ at a time.
 * mkdir is atomic; waiting uses Atomics.wait (no busy loop). Returns the release function.
 */
export function takeBuildLock(timeoutMs = 180_000): () => void {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(BUILD_LOCK);
      return () => rmdirSync(BUILD_LOCK);
    } catch {
      // A lock left by a killed run (a build takes well under a minute) must not block every later run.
      if (Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000) rmdirSync(BUILD_LOCK);
      if (waited > timeoutMs) throw new Error(`Gave up waiting for another worker's build (lock ${BUILD_LOCK})`);
      Atomics.wait(pause, 0, 0, 200);
    }
  }
}

/** Builds unless the build is current (then a build by another worker is waited for). */
export function ensureBuilt(): void {
  const release = takeBuildLock();
  try {
    if (buildIsCurrent()) return;
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    release();
  }
}

/**
 * The shipped YAML with changes (snake_case paths), written to a temp file for `CONFIG_FILE`. The
 * e2e specs raise the per-IP rate limit, since every request of a spec comes from 127.0.0.1.
 */
export function configVariant(changes: Array<[path: string[], value: unknown]>): string {
  const doc = parseDocument(readFileSync(SHIPPED_CONFIG, 'utf8'));
  for (const [path, value] of changes) doc.setIn(['resilience', ...path], value);
  const dir = mkdtempSync(join(tmpdir(), 'example-e2e-'));
  const file = join(dir, 'resilience.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

export const HIGH_RATE_LIMIT: [string[], unknown] = [['middleware', 'rate_limit', 'requests'], 100_000];

/** Variables of the resilience configuration and the app that must not leak from the test machine. */
const APP_VARIABLES = [
  'PORT',
  'HOST',
  'REDIS_URL',
  'REDIS_HOST',
  'REDIS_PORT',
  'REDIS_DB',
  'EXTERNAL_API_BASE_URL',
  'EXTERNAL_API_TIMEOUT',
  'CIRCUIT_BREAKER_FAILURE_THRESHOLD',
  'CIRCUIT_BREAKER_RECOVERY_TIMEOUT',
  'BULKHEAD_MAX_CONCURRENT',
  'LOG_FORMAT',
  'ERROR_RATE',
  'ADMIN_TOKEN',
  'CONFIG_FILE',
  'SHUTDOWN_TIMEOUT',
];

export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !APP_VARIABLES.includes(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ExampleApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Lines printed so far (stdout and stderr). */
  readonly output: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after 15 s). */
  stop(): Promise<number | null>;
}

/** Starts the built app on a free port (PORT=0) and resolves once it listens. */
export async function startExampleApp(env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<ExampleApp> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: cleanEnv({ PORT: '0', ADMIN_TOKEN, NO_COLOR: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        output.push(line);
        for (const listener of listeners) listener(line);
      }
    });
  }
  const waitForLine = (pattern: RegExp, waitMs = 10_000): Promise<RegExpExecArray> => {
    for (const line of output) {
      const m = pattern.exec(line);
      if (m) return Promise.resolve(m);
    }
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = (line: string): void => {
        const m = pattern.exec(line);
        if (m) {
          done();
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`The app printed no line matching ${pattern} within ${waitMs} ms. Output:\n${output.join('\n')}`));
      }, waitMs);
      listeners.add(listener);
      void exited.then((code) => {
        if (!listeners.has(listener)) return;
        done();
        reject(new Error(`The app exited (code ${code}) before printing ${pattern}. Output:\n${output.join('\n')}`));
      });
    });
  };
  const listening = await waitForLine(/listening on (http:\/\/localhost:\d+)/, timeoutMs).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const escalate = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(escalate);
    return code;
  };
  return { url: listening[1], child, output, waitForLine, exited, stop };
}

/** fetch + JSON body, never throwing on an HTTP error status. */
export async function call(
  url: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(url, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}
