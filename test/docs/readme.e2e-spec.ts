/**
 * README.md must stay true: its generated config table matches the schema, and every TypeScript
 * example marked `<!-- example -->` runs (under tsx, with `@app/resilience` resolved to the sources)
 * and exits 0.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withGeneratedSections } from '../../scripts/readme-sections.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function markedExamples(text: string): { name: string; code: string }[] {
  const found: { name: string; code: string }[] = [];
  const pattern = /<!-- example: ([\w-]+) -->\s*```ts\n([\s\S]*?)```/g;
  for (const match of text.matchAll(pattern)) found.push({ name: match[1], code: match[2] });
  return found;
}

describe('README.md', () => {
  it('has the current configuration key table (run `npm run docs` to refresh it)', () => {
    expect(withGeneratedSections(readme)).toBe(readme);
  });

  const examples = markedExamples(readme);

  it('has runnable examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(examples)('example $name', ({ name, code }) => {
    it('runs and exits 0', async () => {
      // Inside the repo and not in a dot-folder, so tsx applies tsconfig.json (legacy decorators, and
      // `@app/resilience` -> sources).
      const dir = mkdtempSync(join(root, 'test', 'docs', 'tmp-run-'));
      try {
        const file = join(dir, `${name}.ts`);
        writeFileSync(file, code);
        const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 60_000 });
        expect(stdout.length).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);
  });
});
