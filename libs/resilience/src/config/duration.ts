/**
 * Durations in configuration.
 *
 * The unit rule, stated once (the README repeats it):
 * - A string with units means the same everywhere: "500ms", "30s", "2m", "1h", "1d", or several parts ("1m30s").
 * - A bare number (or a numeric string such as "30") is read in the unit of its source:
 *   SECONDS in the YAML file and in environment variables (the seed's convention: `recovery_timeout: 60`),
 *   MILLISECONDS in code options (as the core policies take them).
 * - Exception: a key whose name ends in `Ms` / `_ms` (`maxWaitMs`, `initial_delay_ms`) says its unit,
 *   so a bare number there is milliseconds in every source.
 * Resolved configuration always holds milliseconds.
 */
export type BareDurationUnit = 'ms' | 's';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;
// One or more "<number><unit>" parts, e.g. "1m30s"; `ms` is tried before `m`.
const PART = /(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|m|h|d)/giy;

/** Milliseconds for `value`, or undefined when it is not a duration (negative and non-finite values are not). */
export function tryParseDuration(value: unknown, bareUnit: BareDurationUnit = 'ms'): number | undefined {
  const scale = bareUnit === 's' ? 1_000 : 1;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * scale : undefined;
  if (typeof value !== 'string') return undefined;
  if (NUMBER.test(value)) return tryParseDuration(Number(value), bareUnit);
  const text = value.trim();
  if (text === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
    while (text[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  return total;
}

/**
 * Parses a duration to milliseconds: `parseDuration('30s') === 30000`, `parseDuration(250) === 250`,
 * `parseDuration(60, 's') === 60000`. Throws a RangeError naming the value when it is not a duration.
 */
export function parseDuration(value: number | string, bareUnit: BareDurationUnit = 'ms'): number {
  const ms = tryParseDuration(value, bareUnit);
  if (ms === undefined) {
    throw new RangeError(
      `Invalid duration ${JSON.stringify(value)}: use a number of ${unitWord(bareUnit)} >= 0 or a string like "500ms", "30s", "2m", "1h"`,
    );
  }
  return ms;
}

export function unitWord(bareUnit: BareDurationUnit): string {
  return bareUnit === 's' ? 'seconds' : 'milliseconds';
}

/** Short human form of a millisecond count, e.g. 30000 -> "30s", 1500 -> "1500ms". Used in key tables and messages. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
