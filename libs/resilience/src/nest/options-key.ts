/**
 * The registry key of a named instance with decorator overrides: `name` alone without overrides,
 * else `name@<hash>` of the overrides. Equal overrides give equal keys (keys sorted); functions and
 * classes (`recordOn: [TypeError]`, predicates) are compared by identity, so two methods sharing the
 * same predicate object share the instance.
 */
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 1;

export function instanceKey(name: string, overrides: object | undefined): string {
  if (overrides === undefined || Object.keys(overrides).length === 0) return name;
  return `${name}@${hash(canonical(overrides))}`;
}

function canonical(value: unknown): string {
  if (typeof value === 'function') {
    let id = functionIds.get(value);
    if (id === undefined) functionIds.set(value, (id = nextFunctionId++));
    return `fn#${id}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** FNV-1a, 32 bits, as 8 hex digits: short, stable across runs, plenty for a handful of variants per name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
