/**
 * Validation of the cache endpoints' input: the key from the path, and the POST body, which
 * arrives as parsed JSON or as text (see bootstrap/body-parsing.ts). Errors are 4xx with a message
 * naming the field.
 */
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

export const KEY_NAMESPACE = 'example:cache:';
export const MAX_KEY_LENGTH = 128;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]+$/;
/** Bytes of the stored value (its JSON text) at most. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** 30 days: Redis takes more, but a longer TTL here is more likely a unit mistake (ms for s). */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

export function validateKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new BadRequestException(`key: must be 1 to ${MAX_KEY_LENGTH} characters long, got ${key.length}`);
  }
  if (!KEY_PATTERN.test(key)) throw new BadRequestException('key: may contain only letters, digits and _ . : -');
  return key;
}

export interface CacheWrite {
  /** The value as JSON text, as stored. */
  json: string;
  value: unknown;
  ttlSeconds: number | undefined;
}

export function parseCacheWrite(body: unknown): CacheWrite {
  const fields = bodyFields(body);
  if (!('value' in fields) || fields.value === undefined) throw new BadRequestException('value: is required, e.g. {"value": "hello"}');
  const json = JSON.stringify(fields.value);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_VALUE_BYTES) throw new PayloadTooLargeException(`value: must be at most ${MAX_VALUE_BYTES} bytes as JSON, got ${bytes}`);
  return { json, value: fields.value, ttlSeconds: parseTtl(fields.ttl) };
}

function bodyFields(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') return textFields(body);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  if (body === undefined) throw new BadRequestException('The request has no body; send {"value": ...} as JSON');
  throw new BadRequestException('The request body must be a JSON object like {"value": ...}');
}

/** Form-type text: JSON (curl -d '{"value": ...}') or a real form (value=...&ttl=...). */
function textFields(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new BadRequestException(`The request body is not valid JSON: ${(error as Error).message}`);
    }
    return bodyFields(parsed);
  }
  if (trimmed === '') throw new BadRequestException('The request has no body; send {"value": ...} as JSON');
  return Object.fromEntries(new URLSearchParams(trimmed));
}

function parseTtl(ttl: unknown): number | undefined {
  if (ttl === undefined || ttl === null || ttl === '') return undefined;
  const n = typeof ttl === 'string' ? Number(ttl) : ttl;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TTL_SECONDS) {
    throw new BadRequestException(`ttl: must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}, got ${JSON.stringify(ttl)}`);
  }
  return n;
}
