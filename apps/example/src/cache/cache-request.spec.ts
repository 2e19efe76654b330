import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { MAX_KEY_LENGTH, MAX_VALUE_BYTES, parseCacheWrite, validateKey } from './cache-request.js';

describe('validateKey', () => {
  it('accepts letters, digits and _ . : -', () => {
    expect(validateKey('user:42_profile.v-1')).toBe('user:42_profile.v-1');
  });

  it.each([
    ['', /1 to 128 characters long, got 0/],
    ['x'.repeat(MAX_KEY_LENGTH + 1), /got 129/],
    ['a b', /only letters/],
    ['a/b', /only letters/],
    ['ключ', /only letters/],
  ])('rejects %j', (key, message) => {
    expect(() => validateKey(key)).toThrow(BadRequestException);
    expect(() => validateKey(key)).toThrow(message);
  });
});

describe('parseCacheWrite', () => {
  it('takes a JSON body', () => {
    expect(parseCacheWrite({ value: { a: [1, 2] }, ttl: 60 })).toEqual({ json: '{"a":[1,2]}', value: { a: [1, 2] }, ttlSeconds: 60 });
  });

  it('takes the seed\'s curl -d \'{"value": "hello"}\' (JSON text under the form content type)', () => {
    expect(parseCacheWrite('{"value": "hello"}')).toEqual({ json: '"hello"', value: 'hello', ttlSeconds: undefined });
  });

  it('takes a real form', () => {
    expect(parseCacheWrite('value=hi%20there&ttl=5')).toEqual({ json: '"hi there"', value: 'hi there', ttlSeconds: 5 });
  });

  it.each([
    [undefined, /no body/],
    ['', /no body/],
    ['{"value": ', /not valid JSON/],
    [[1, 2], /must be a JSON object/],
    [{ other: 1 }, /value: is required/],
    [{ value: 'x', ttl: 0 }, /ttl: must be a whole number/],
    [{ value: 'x', ttl: 1.5 }, /ttl: must be a whole number/],
    [{ value: 'x', ttl: 'soon' }, /ttl: must be a whole number/],
  ])('rejects %j with 400', (body, message) => {
    expect(() => parseCacheWrite(body)).toThrow(BadRequestException);
    expect(() => parseCacheWrite(body)).toThrow(message);
  });

  it('rejects a value over the limit with 413', () => {
    expect(() => parseCacheWrite({ value: 'x'.repeat(MAX_VALUE_BYTES) })).toThrow(PayloadTooLargeException);
  });
});
