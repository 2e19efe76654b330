/**
 * Follows README.md: runs its ```bash readme-test-start block (as a user would, `npm start`, which
 * builds), then each ```bash readme-test block in order against it, and checks the output against
 * the ```text block the README shows after it. So the README cannot drift from the service.
 * (`README_TEST_FILE` points the test at another markdown file, e.g. a draft.)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { ROOT, cleanEnv, takeBuildLock } from './example-app.js';
import { outputDrift, readmeBlocks, type ReadmeBlock } from './readme-blocks.js';
import { runShell } from './shell-runner.js';

jest.setTimeout(60_000);

const readmePath = process.env.README_TEST_FILE ?? join(ROOT, 'README.md');
const blocks = readmeBlocks(readFileSync(readmePath, 'utf8'));
const startBlock = blocks.find((b) => b.kind === 'start');
const commands = blocks.filter((b) => b.kind === 'command');

let port = 0;
let stopService: (() => Promise<number | null>) | undefined;

beforeAll(async () => {
  if (startBlock === undefined) return;
  // `npm start` rebuilds dist/: hold the build lock so other specs never load a half-written file.
  const release = takeBuildLock();
  try {
    // detached: its own process group (bash, npm, node), so the whole group gets the signal.
    const child = spawn('bash', ['-c', startBlock.script], {
      cwd: ROOT,
      env: cleanEnv({ PORT: '0' }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    port = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const m = /listening on http:\/\/localhost:(\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`The README's start block exited (code ${code}) before listening:\n${output}`)));
    });
    stopService = async () => {
      process.kill(-child.pid!, 'SIGTERM');
      return exited;
    };
  } finally {
    release();
  }
}, 240_000);

afterAll(async () => {
  await stopService?.();
});

it(`${readmePath} has a start block and Quick Start commands marked for this test`, () => {
  if (startBlock === undefined || commands.length === 0) {
    throw new Error(
      `${readmePath} has no \`\`\`bash readme-test-start / readme-test blocks: paste the example's README text (see test/example/readme.e2e-spec.ts)`,
    );
  }
  expect(startBlock.script).toMatch(/\bnpm start\b/);
  expect(commands.length).toBeGreaterThanOrEqual(3);
  expect(commands.map((c) => c.script).join('\n')).toMatch(/api\/error-prone/);
});

const cases = commands.map((block): [string, ReadmeBlock] => [`line ${block.line}: ${block.script.split('\n')[0]}`, block]);
const describeBlocks = cases.length > 0 ? describe.each(cases) : () => () => undefined;

describeBlocks('README block at %s', (_name: string, block: ReadmeBlock) => {
  it('runs and prints what the README shows', async () => {
    expect(port).toBeGreaterThan(0);
    const { code, stdout, stderr } = await runShell(block.script, port);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).not.toBe('');
    if (block.shownOutput !== undefined) expect(outputDrift(block.shownOutput, stdout)).toBeUndefined();
  });
});
