/**
 * Runs shell text (the seed's commands, README blocks) with bash, as a reader would paste it, while
 * every `curl` to localhost:8000 reaches the test's app: a `curl` function adds
 * `--connect-to localhost:8000:127.0.0.1:<port>`, so the URLs stay exactly as written.
 */
import { spawn } from 'node:child_process';

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runShell(script: string, appPort: number, timeoutMs = 60_000): Promise<ShellResult> {
  const prelude = `curl() { command curl -sS --max-time 20 --connect-to localhost:8000:127.0.0.1:${appPort} "$@"; }\nset -e\n`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', prelude + script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The script ran longer than ${timeoutMs} ms:\n${script}\nstdout so far:\n${stdout}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
