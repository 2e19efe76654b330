/**
 * Where the shipped YAML is. The app runs from the sources (apps/example/src) and from the build
 * (dist/apps/example), and from any working directory, so the file is looked up relative to this
 * module rather than to `process.cwd()`. `CONFIG_FILE` overrides it (relative to the working directory).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CANDIDATES = [
  // from apps/example/src/bootstrap (sources, tsx)
  '../../config/resilience.yaml',
  // from dist/apps/example/bootstrap (the build)
  '../../../../apps/example/config/resilience.yaml',
];

export function resolveConfigFile(env: Record<string, string | undefined>, cwd = process.cwd()): string {
  if (env.CONFIG_FILE !== undefined && env.CONFIG_FILE.trim() !== '') return resolve(cwd, env.CONFIG_FILE);
  const paths = CANDIDATES.map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
  const found = paths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(`The example's configuration file was not found; looked at:\n  ${paths.join('\n  ')}\nSet CONFIG_FILE to its path.`);
  }
  return found;
}
