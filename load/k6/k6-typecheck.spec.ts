/**
 * `npm run load:k6:check` in the test run: the k6 scripts type-check against @types/k6, and the
 * same check rejects a script that misuses k6's API (so a passing check means something).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOAD_DIR = fileURLToPath(new URL('../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const scratch = mkdtempSync(join(LOAD_DIR, 'k6', '.typecheck-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tsc(project: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('k6 type check', () => {
  it('passes for the k6 scripts and their specs', () => {
    for (const project of ['tsconfig.k6.json', 'tsconfig.specs.json']) {
      const r = tsc(join(LOAD_DIR, project));
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    }
  }, 60_000);

  it('fails for a script that calls k6 wrongly', () => {
    writeFileSync(
      join(scratch, 'broken.js'),
      "// @ts-check\nimport http from 'k6/http';\nimport { sleep } from 'k6';\nexport default function () {\n  http.request('GET', 42);\n  sleep('one');\n}\n",
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.k6.json', include: ['broken.js', '../k6-console.d.ts'] }),
    );
    const r = tsc(join(scratch, 'tsconfig.json'));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/broken\.js\(5,.*TS2345/);
    expect(r.output).toMatch(/broken\.js\(6,.*TS2345/);
  }, 60_000);
});
