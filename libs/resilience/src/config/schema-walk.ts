/**
 * Walks the zod schema alongside a value, so the same schema tells which keys are option keys
 * (converted between snake_case and camelCase, checked for typos) and which are instance names
 * (record keys, kept as written).
 */
import { z } from 'zod';
import { camelToSnake, snakeToCamel } from './key-case.js';
import { didYouMean } from './did-you-mean.js';
import { isPlainObject, type ConfigPath } from './schema/resolve-context.js';

/** How a source spells option keys: snake_case in YAML, camelCase in code. */
export type KeyConvention = 'snake' | 'camel';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
}

const def = (schema: AnySchema): Def => schema._zod.def as unknown as Def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under optional/default/pipe wrappers, with the metadata found on the way (description, unit). */
export function unwrap(schema: AnySchema): { schema: AnySchema; meta: Record<string, unknown> } {
  let current = schema;
  let meta: Record<string, unknown> = {};
  for (;;) {
    meta = { ...(z.globalRegistry.get(current) ?? {}), ...meta };
    const d = def(current);
    if (WRAPPERS.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return { schema: current, meta };
  }
}

/** For a union, the option matching the shape of `value` (object or list), if any. */
function branchFor(schema: AnySchema, value: unknown): AnySchema {
  const d = def(schema);
  if (d.type !== 'union' || !d.options) return schema;
  const wanted = Array.isArray(value) ? ['array'] : isPlainObject(value) ? ['object', 'record'] : [];
  return d.options.map((o) => unwrap(o).schema).find((o) => wanted.includes(def(o).type)) ?? schema;
}

export const spellKey = (camelKey: string, convention: KeyConvention): string =>
  convention === 'snake' ? camelToSnake(camelKey) : camelKey;

/** A path's segments as its source writes them: option keys in the convention, instance names and indexes as they are. */
export function renderSegments(root: AnySchema, path: ConfigPath, convention: KeyConvention): (string | number)[] {
  let schema: AnySchema | undefined = root;
  const out: (string | number)[] = [];
  for (const segment of path) {
    const inner: AnySchema | undefined = schema ? unwrap(schema).schema : undefined;
    const node: AnySchema | undefined = inner && def(inner).type === 'union' ? objectOption(inner) : inner;
    const d: Def | undefined = node ? def(node) : undefined;
    if (typeof segment === 'number') {
      out.push(segment);
      schema = d?.element;
      continue;
    }
    out.push(d?.type === 'object' ? spellKey(segment, convention) : segment);
    schema = d?.type === 'object' ? d.shape?.[segment] : d?.type === 'record' ? d.valueType : undefined;
  }
  return out;
}

/** Renders a path the way its source writes it: `circuit_breakers.external_api.failure_threshold`, `middleware.exclude[0]`. */
export function renderPath(root: AnySchema, path: ConfigPath, convention: KeyConvention): string {
  return joinSegments(renderSegments(root, path, convention));
}

export function joinSegments(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

function objectOption(union: AnySchema): AnySchema | undefined {
  return (def(union).options ?? []).map((o) => unwrap(o).schema).find((o) => ['object', 'record', 'array'].includes(def(o).type));
}

export interface UnknownKey {
  /** The path as the source writes it. */
  segments: (string | number)[];
  message: string;
}

/**
 * Copies `value` with option keys converted to camelCase, leaving out (and reporting) keys the schema
 * does not know. In snake convention a key must be exactly the snake_case form of a known key.
 */
export function normalizeKeys(
  value: unknown,
  schema: AnySchema,
  convention: KeyConvention,
  at: (string | number)[],
  unknown: UnknownKey[],
): unknown {
  const node = branchFor(unwrap(schema).schema, value);
  const d = def(node);
  if (d.type === 'object' && isPlainObject(value) && d.shape) {
    const shape = d.shape;
    const known = Object.keys(shape);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const camel = convention === 'snake' ? snakeToCamel(key) : key;
      const path = [...at, key];
      if (!Object.hasOwn(shape, camel) || spellKey(camel, convention) !== key) {
        const spelled = known.map((k) => spellKey(k, convention));
        const suggestion = didYouMean(key, spelled);
        unknown.push({
          segments: path,
          message: suggestion
            ? `is not a known key; did you mean '${suggestion}'?`
            : `is not a known key (known here: ${spelled.join(', ')})`,
        });
        continue;
      }
      out[camel] = normalizeKeys(item, shape[camel], convention, path, unknown);
    }
    return out;
  }
  if (d.type === 'record' && isPlainObject(value) && d.valueType) {
    const valueType = d.valueType;
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, normalizeKeys(item, valueType, convention, [...at, name], unknown)]),
    );
  }
  if (d.type === 'array' && Array.isArray(value) && d.element) {
    const element = d.element;
    return value.map((item, i) => normalizeKeys(item, element, convention, [...at, i], unknown));
  }
  return value;
}
