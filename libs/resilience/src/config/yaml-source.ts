/** Reads the YAML configuration file: syntax errors with line and column, the optional `resilience:` root, key positions. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigIssue } from '../core/errors.js';
import { describeValue } from './describe-value.js';
import { isPlainObject } from './schema/resolve-context.js';

export interface YamlSource {
  /** Absolute path of the file. */
  file: string;
  /** How messages name the file: relative to cwd when inside it. */
  label: string;
  /** The resilience tree as written (snake_case keys), or undefined when the file could not be used. */
  raw: Record<string, unknown> | undefined;
  /** "line L, column C" of the node at a path of rendered segments (keys as written), or undefined. */
  locate(segments: readonly (string | number)[]): string | undefined;
}

/** The file the library reads when no `configFile` is given: the first of these under cwd that exists. */
export const DEFAULT_CONFIG_FILES = ['config/resilience.yaml', 'config/resilience.yml'];

/**
 * `configFile`: a path (relative to cwd) that must exist; `false`: no file; undefined: the first of
 * DEFAULT_CONFIG_FILES that exists, if any.
 */
export function readYamlSource(configFile: string | false | undefined, cwd: string, problems: ConfigIssue[]): YamlSource | undefined {
  if (configFile === false) return undefined;
  const explicit = configFile !== undefined;
  const candidates = explicit ? [configFile] : DEFAULT_CONFIG_FILES;
  for (const candidate of candidates) {
    const file = isAbsolute(candidate) ? candidate : resolve(cwd, candidate);
    const rel = relative(cwd, file);
    const label = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !explicit) continue;
      problems.push({
        path: label,
        message: code === 'ENOENT' ? `config file not found (looked for ${file})` : `config file cannot be read (${code ?? String(error)})`,
      });
      return undefined;
    }
    return parseYaml(text, file, label, problems);
  }
  return undefined;
}

export function parseYaml(text: string, file: string, label: string, problems: ConfigIssue[]): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const source: YamlSource = { file, label, raw: undefined, locate: () => undefined };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push({ path: label, message: `YAML syntax error at line ${line}, column ${col}: ${error.message.split('\n')[0]}` });
    }
    return source;
  }
  const top: unknown = doc.toJS() ?? {};
  // The seed nests everything under `resilience:`; a file holding only our keys works too.
  const nested = isPlainObject(top) && Object.hasOwn(top, 'resilience');
  const root: unknown = nested ? ((top as Record<string, unknown>).resilience ?? {}) : top;
  if (!isPlainObject(root)) {
    problems.push({ path: nested ? `${label}: resilience` : label, message: `must hold a mapping of options, got ${describeValue(root)}` });
    return source;
  }
  const prefix = nested ? ['resilience'] : [];
  source.raw = root;
  source.locate = (segments) => locate(doc, lineCounter, [...prefix, ...segments]);
  return source;
}

/** Position of the deepest existing node along `path`. */
function locate(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return `line ${line}, column ${col}`;
    }
  }
  return undefined;
}
