/** Temp directories with YAML files, for the config specs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class TempConfigDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'resilience-config-'));

  /** Writes `text` at `relativePath` under the directory and returns the relative path. */
  write(relativePath: string, text: string): string {
    const file = join(this.dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return relativePath;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
