/** Keeps secrets (passwords, tokens in URLs) out of errors, logs and health output. */

const MASK = '****';

/** `redis://user:secret@host:6379/0?token=x` → `redis://user:****@host:6379/0?token=****`. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@:\s]*):([^/@\s]*)@/i, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@:\s]+)@/i, (_m, scheme: string) => `${scheme}${MASK}@`)
    .replace(/([?&](?:password|pass|pwd|token|access_token|auth|key|secret|signature|sig)=)[^&#\s]*/gi, `$1${MASK}`);
}

const SECRET_KEY = /pass(word)?|secret|token|auth|credential|api[-_]?key|private[-_]?key|^key$|^cert$/i;

/**
 * A deep copy with secret-looking keys masked and URLs redacted, for read-only option views.
 * Header values under `authorization`-like names are masked too.
 */
export function redactOptions<T>(value: T): T {
  return redactValue(value, '') as T;
}

function redactValue(value: unknown, key: string): unknown {
  if (value === undefined || value === null) return value;
  if (SECRET_KEY.test(key) && (typeof value === 'string' || Buffer.isBuffer(value))) return MASK;
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, ''));
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'function') continue;
      out[k] = redactValue(v, k);
    }
    return Object.freeze(out);
  }
  return value;
}

/** The message of an error with any URL credentials in it masked. */
export function redactError(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => redactUrl(url));
}
