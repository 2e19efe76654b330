import { TimeoutError } from '../errors.js';
import { isHttpClientError, makeErrorClassifier } from './error-classifier.js';

class NotFound extends Error {
  status = 404;
}
class Business extends Error {}

describe('error classification', () => {
  it('recognises 4xx in status or response.status, and nothing else', () => {
    expect(isHttpClientError(new NotFound())).toBe(true);
    expect(isHttpClientError({ response: { status: 429 } })).toBe(true);
    expect(isHttpClientError({ response: { status: 503 } })).toBe(false);
    expect(isHttpClientError({ status: 500 })).toBe(false);
    expect(isHttpClientError({ status: '404' })).toBe(false);
    expect(isHttpClientError({ response: null })).toBe(false);
    expect(isHttpClientError('404')).toBe(false);
    expect(isHttpClientError(null)).toBe(false);
  });

  it('by default counts every error except HTTP client errors', () => {
    const counts = makeErrorClassifier();
    expect(counts(new Error('x'))).toBe(true);
    expect(counts('a string')).toBe(true);
    expect(counts(new NotFound())).toBe(false);
    expect(counts({ response: { status: 500 } })).toBe(true);
  });

  it('by default does not count a caller cancellation, but counts a timeout', () => {
    const counts = makeErrorClassifier();
    const controller = new AbortController();
    controller.abort();
    expect(counts(controller.signal.reason)).toBe(false);
    expect(counts(new TimeoutError(100))).toBe(true);
    // An explicit recordOn decides alone, so it can count cancellations if asked.
    expect(makeErrorClassifier(() => true)(controller.signal.reason)).toBe(true);
  });

  it('recordOn with classes counts only those (even a 4xx) ', () => {
    const counts = makeErrorClassifier([NotFound, Business]);
    expect(counts(new NotFound())).toBe(true);
    expect(counts(new Business())).toBe(true);
    expect(counts(new TypeError())).toBe(false);
  });

  it('recordOn with a predicate decides alone', () => {
    const counts = makeErrorClassifier((e) => (e as Error).message === 'down');
    expect(counts(new Error('down'))).toBe(true);
    expect(counts(new Error('other'))).toBe(false);
  });

  it('ignoreOn wins over recordOn and keeps the 4xx default otherwise', () => {
    const withBoth = makeErrorClassifier([Error], [Business]);
    expect(withBoth(new Business())).toBe(false);
    expect(withBoth(new Error())).toBe(true);
    const ignoreOnly = makeErrorClassifier(undefined, (e) => e instanceof Business);
    expect(ignoreOnly(new Business())).toBe(false);
    expect(ignoreOnly(new NotFound())).toBe(false);
    expect(ignoreOnly(new Error())).toBe(true);
  });

  it('counts the error when a predicate throws', () => {
    const counts = makeErrorClassifier(() => {
      throw new Error('bad predicate');
    });
    expect(counts(new Error('x'))).toBe(true);
  });
});
