/** What a section's resolver gets: a way to report a problem at a (camelCase) path of the merged tree. */
export type ConfigPath = readonly (string | number)[];

/** Renders a sibling key (given in camelCase) as the source of the reported path spells it: `failure_threshold` for YAML. */
export type KeyNamer = (camelKey: string) => string;

export interface ResolveContext {
  /**
   * Records a problem; the path is rendered in the convention of the source that set the value (YAML, code
   * or environment). A message that names other keys is a function, so those read in the same convention.
   */
  report(path: ConfigPath, message: string | ((key: KeyNamer) => string)): void;
}

/** Plain objects merge key by key; anything else (numbers, lists, `false`) replaces. `undefined` never overrides. */
export function mergeDeep<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeDeep(out[key], value);
  return out as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Drops keys whose value is undefined, so optional keys stay absent in resolved objects. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
