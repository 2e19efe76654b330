import { ResilienceConfigError, type ConfigIssue } from './errors.js';

/**
 * Small checks for policy options, collected so one error lists every problem.
 * The config layer validates YAML/env with its own schema; this guards direct construction.
 */
export class OptionChecker {
  private readonly issues: ConfigIssue[] = [];

  constructor(private readonly prefix: string) {}

  private add(key: string, message: string): void {
    this.issues.push({ path: this.prefix ? `${this.prefix}.${key}` : key, message });
  }

  integer(key: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(
        key,
        `must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${describe(value)}`,
      );
    }
  }

  number(key: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
      this.add(key, `must be a number ${max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`}, got ${describe(value)}`);
    }
  }

  oneOf(key: string, value: unknown, allowed: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(key, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
    }
  }

  rule(ok: boolean, key: string, message: string): void {
    if (!ok) this.add(key, message);
  }

  /** Throws a ResilienceConfigError listing every problem found, if any. */
  throwIfInvalid(title: string): void {
    if (this.issues.length > 0) throw new ResilienceConfigError(this.issues, title);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value;
}
