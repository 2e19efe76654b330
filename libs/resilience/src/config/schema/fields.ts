/**
 * Building blocks of the configuration schema.
 *
 * Why zod (4) rather than class-validator: schemas compose as plain values (one file per section, a
 * root that assembles them, a variant per source for the duration unit), the TypeScript types of the
 * options are inferred from the same schema, and every issue carries its path as an array, which is
 * what lets one error name every bad key in the convention of the source it came from. Validation
 * runs once at start-up; nothing on the hot path touches zod.
 *
 * Every field carries its own message ("must be an integer >= 1") and the formatter appends what it
 * got, so messages read the same whatever the source.
 */
import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { tryParseDuration, unitWord, type BareDurationUnit } from '../duration.js';

/** What differs between sources: how a bare number is read in duration fields (see duration.ts). */
export interface SchemaContext {
  bareDurationUnit: BareDurationUnit;
}

type ErrorFn = (issue: { input?: unknown }) => string;

const rule =
  (text: string): ErrorFn =>
  (issue) =>
    `${text}, got ${describeValue(issue.input)}`;

/** Marks duration fields so the key table can print their defaults as "30s". */
export const DURATION_META = { unit: 'duration' } as const;

export function int(min: number, max?: number) {
  const error = rule(max === undefined ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`);
  const schema = z.number({ error }).int({ error }).min(min, { error });
  return (max === undefined ? schema : schema.max(max, { error })).optional();
}

export function num(min: number, max?: number) {
  const error = rule(max === undefined ? `must be a number >= ${min}` : `must be a number from ${min} to ${max}`);
  const schema = z.number({ error }).min(min, { error });
  return (max === undefined ? schema : schema.max(max, { error })).optional();
}

export function bool() {
  return z.boolean({ error: rule('must be true or false') }).optional();
}

export function text() {
  const error = rule('must be a non-empty string');
  return z.string({ error }).min(1, { error }).optional();
}

/** A string that must not be echoed back in messages (passwords). */
export function secret() {
  const error: ErrorFn = (issue) =>
    `must be a non-empty string, got ${typeof issue.input === 'string' ? 'an empty string' : describeValue(issue.input)}`;
  return z.string({ error }).min(1, { error }).optional();
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: rule(`must be one of ${values.map((v) => `'${v}'`).join(', ')}`) }).optional();
}

export function stringList() {
  const error = rule('must be a list of non-empty strings');
  return z.array(z.string({ error }).min(1, { error }), { error }).optional();
}

/** An absolute URL with one of `protocols`; the value is echoed without credentials. */
export function url(protocols: readonly string[]) {
  const wanted = `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  return z
    .string({ error: rule(wanted) })
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { error: (issue) => `${wanted}, got ${describeValue(redactUrl(String(issue.input)))}` },
    )
    .optional();
}

function redactUrl(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@');
}

export interface DurationRule {
  /** Zero allowed (default: the duration must be > 0). */
  allowZero?: boolean;
  /** The key says its unit ("...Ms"): bare numbers are milliseconds in every source. */
  bareIsMs?: boolean;
}

/** A duration (see duration.ts): number or "30s"-style string in, milliseconds out. */
export function duration(ctx: SchemaContext, options: DurationRule = {}) {
  const bareUnit: BareDurationUnit = options.bareIsMs ? 'ms' : ctx.bareDurationUnit;
  const wanted = `must be a duration ${options.allowZero ? '>= 0' : '> 0'} (a number of ${unitWord(bareUnit)} or a string like "500ms", "30s", "2m", "1h")`;
  return z
    .custom<number | string>((value) => typeof value === 'number' || typeof value === 'string', { error: rule(wanted) })
    .transform((value, ctx2) => {
      const ms = tryParseDuration(value, bareUnit);
      if (ms === undefined || (ms === 0 && !options.allowZero)) {
        ctx2.issues.push({ code: 'custom', message: `${wanted}, got ${describeValue(value)}`, input: value });
        return z.NEVER;
      }
      return ms;
    })
    .meta(DURATION_META)
    .optional();
}

/** `false` (off) or an object; an object input is validated as the object, so its issues keep their paths. */
export function falseOr<T extends z.ZodType>(object: T, what: string) {
  return z.union([z.literal(false), object], { error: rule(`must be false or ${what}`) }).optional();
}

/** `true`/`false` or an object (e.g. middleware.circuit_breaker: true, or breaker options). */
export function boolOr<T extends z.ZodType>(object: T, what: string) {
  return z.union([z.boolean(), object], { error: rule(`must be true, false or ${what}`) }).optional();
}

/** Named instances: `name -> options`. Names are kept as written (not case-converted). */
export function named<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value, { error: rule('must be a mapping of names to options') }).optional();
}

export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.object(shape, { error: rule('must be a mapping of options') });
}
