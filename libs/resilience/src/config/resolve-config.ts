/**
 * `resolveResilienceConfig`: reads code options, the YAML file and the environment, validates each
 * with the zod schema, merges them (defaults < code options < YAML file < environment), applies
 * inheritance and defaults, and throws ONE ResilienceConfigError listing every problem.
 *
 * How problems name their key, one convention per source:
 * - YAML file: snake_case path as written in the file, relative to the `resilience:` root, with the
 *   line and column (`circuit_breakers.external_api.failure_threshold: must be an integer >= 1, got -3 (config/resilience.yaml line 9, column 26)`);
 *   file-level problems (syntax, missing file) are named by the file path.
 * - Code options: camelCase path (`circuitBreakers.externalApi.failureThreshold: ...`).
 * - Environment: the variable (`CIRCUIT_BREAKER_FAILURE_THRESHOLD: must be an integer >= 1, got "abc"`).
 * Rules that span keys (maxRecoveryTimeout >= recoveryTimeout, ...) are checked on the merged tree and
 * named in the convention of the source that set the value; they are checked only once every source is
 * valid on its own, so a bad value never causes a second, misleading complaint.
 */
import { ResilienceConfigError, type ConfigIssue } from '../core/errors.js';
import { describeValue } from './describe-value.js';
import { pathKey, readEnvSource, type EnvSource } from './env-source.js';
import { joinSegments, normalizeKeys, renderSegments, spellKey, type KeyConvention, type UnknownKey } from './schema-walk.js';
import { readYamlSource, type YamlSource } from './yaml-source.js';
import { flattenIssues } from './zod-issues.js';
import { resolveTree } from './resolve-tree.js';
import {
  CODE_OPTIONS_SCHEMA,
  FILE_OPTIONS_SCHEMA,
  type ResilienceInput,
  type ResilienceOptions,
  type ResolvedResilienceConfig,
} from './schema/resilience.schema.js';
import { isPlainObject, mergeDeep, type ConfigPath, type ResolveContext } from './schema/resolve-context.js';

export interface ResolveResilienceConfigInput {
  /** Options from code (camelCase; bare durations in ms). Keys of the module's own options (configFile, env, cwd, isGlobal) are ignored here. */
  options?: ResilienceOptions;
  /**
   * YAML file (relative to `cwd`): it must exist. `false`: no file. Not given: `config/resilience.yaml`
   * (or `.yml`) under `cwd` when it exists.
   */
  configFile?: string | false;
  /** Environment variables; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Directory relative paths start from; default `process.cwd()`. */
  cwd?: string;
}

const MODULE_OPTION_KEYS = new Set(['configFile', 'env', 'cwd', 'isGlobal']);

type Schema = typeof CODE_OPTIONS_SCHEMA;

interface ParsedSource {
  /** The source's keys in camelCase before validation (instance names are known even when values are bad). */
  normalized: Record<string, unknown>;
  data: ResilienceInput | undefined;
}

export function resolveResilienceConfig(input: ResolveResilienceConfigInput = {}): ResolvedResilienceConfig {
  const cwd = input.cwd ?? process.cwd();
  const problems: ConfigIssue[] = [];

  // Code options.
  let codeRaw: unknown = input.options ?? {};
  if (!isPlainObject(codeRaw)) {
    problems.push({ path: 'options', message: `must be an object of options, got ${describeValue(codeRaw)}` });
    codeRaw = {};
  }
  const codeOptions = Object.fromEntries(Object.entries(codeRaw as object).filter(([key]) => !MODULE_OPTION_KEYS.has(key)));
  const code = parseSource(CODE_OPTIONS_SCHEMA, codeOptions, 'camel', (path, message) => problems.push({ path, message }));

  // YAML file.
  const yaml = readYamlSource(input.configFile, cwd, problems);
  const file = yaml?.raw
    ? parseSource(FILE_OPTIONS_SCHEMA, yaml.raw, 'snake', (path, message, segments) =>
        problems.push({ path, message: withLocation(message, yaml, segments) }),
      )
    : undefined;

  // Environment: the REDIS_* variables need the names of the redis pools the other sources configure.
  const redisPoolNames = [
    ...new Set([...namesAt(code.normalized, ['connectionPools', 'redis']), ...namesAt(file?.normalized, ['connectionPools', 'redis'])]),
  ];
  const envSource = readEnvSource(input.env ?? process.env, redisPoolNames, problems);
  const envParsed = FILE_OPTIONS_SCHEMA.safeParse(envSource.raw, { reportInput: true });
  if (!envParsed.success) {
    for (const p of flattenIssues(envParsed.error.issues)) {
      problems.push({
        path: envSource.variables.get(pathKey(p.path)) ?? joinSegments(renderSegments(FILE_OPTIONS_SCHEMA, p.path, 'snake')),
        message: p.message,
      });
    }
  }
  if (problems.length > 0) throw new ResilienceConfigError(problems);

  const env = envParsed.data as ResilienceInput;
  let merged: ResilienceInput = mergeDeep(mergeDeep(mergeDeep({}, code.data), file?.data), env);
  if (envSource.dropUrlOf) merged = withoutRedisUrl(merged, envSource.dropUrlOf);

  const ctx = reportingContext(problems, { code: code.data, yaml: file?.data, yamlSource: yaml, env, envSource });
  const resolved = resolveTree(merged, ctx, yaml?.file ?? null);
  if (problems.length > 0) throw new ResilienceConfigError(problems);
  return resolved;
}

/** Converts keys, reports unknown ones, validates; every problem goes to `report` with the path rendered in `convention`. */
function parseSource(
  schema: Schema,
  raw: Record<string, unknown>,
  convention: KeyConvention,
  report: (path: string, message: string, segments: readonly (string | number)[]) => void,
): ParsedSource {
  const unknown: UnknownKey[] = [];
  const normalized = normalizeKeys(raw, schema, convention, [], unknown) as Record<string, unknown>;
  for (const u of unknown) report(joinSegments(u.segments), u.message, u.segments);
  const parsed = schema.safeParse(normalized, { reportInput: true });
  if (!parsed.success) {
    for (const p of flattenIssues(parsed.error.issues)) {
      const segments = renderSegments(schema, p.path, convention);
      report(joinSegments(segments), p.message, segments);
    }
  }
  return { normalized, data: unknown.length === 0 && parsed.success ? parsed.data : undefined };
}

function withLocation(message: string, yaml: YamlSource, segments: readonly (string | number)[]): string {
  const where = yaml.locate(segments);
  return where ? `${message} (${yaml.label} ${where})` : `${message} (${yaml.label})`;
}

function namesAt(tree: Record<string, unknown> | undefined, path: readonly string[]): string[] {
  let node: unknown = tree;
  for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
  return isPlainObject(node) ? Object.keys(node) : [];
}

function withoutRedisUrl(merged: ResilienceInput, pool: string): ResilienceInput {
  const redis = merged.connectionPools?.redis ?? {};
  return { ...merged, connectionPools: { ...merged.connectionPools, redis: { ...redis, [pool]: { ...redis[pool], url: undefined } } } };
}

interface Sources {
  code: ResilienceInput | undefined;
  yaml: ResilienceInput | undefined;
  yamlSource: YamlSource | undefined;
  env: ResilienceInput;
  envSource: EnvSource;
}

/** Names a merged-tree problem after the highest-precedence source that set the value (or, failing that, its nearest parent). */
function reportingContext(problems: ConfigIssue[], sources: Sources): ResolveContext {
  const candidates = [
    { name: 'env' as const, tree: sources.env },
    { name: 'yaml' as const, tree: sources.yaml },
    { name: 'code' as const, tree: sources.code },
  ];
  return {
    report(path, message) {
      let origin: 'env' | 'yaml' | 'code' = 'code';
      search: for (let length = path.length; length > 0; length--) {
        for (const candidate of candidates) {
          if (has(candidate.tree, path.slice(0, length))) {
            origin = candidate.name;
            break search;
          }
        }
      }
      const convention: KeyConvention = origin === 'code' ? 'camel' : 'snake';
      const text = typeof message === 'string' ? message : message((key) => spellKey(key, convention));
      const variable = origin === 'env' ? sources.envSource.variables.get(pathKey(path)) : undefined;
      const segments = renderSegments(FILE_OPTIONS_SCHEMA, path, convention);
      const rendered = variable ?? joinSegments(segments);
      problems.push({
        path: rendered,
        message: origin === 'yaml' && sources.yamlSource ? withLocation(text, sources.yamlSource, segments) : text,
      });
    },
  };
}

function has(tree: unknown, path: ConfigPath): boolean {
  let node = tree;
  for (const key of path) {
    if (
      typeof node !== 'object' ||
      node === null ||
      !Object.hasOwn(node, key) ||
      (node as Record<string | number, unknown>)[key] === undefined
    )
      return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
