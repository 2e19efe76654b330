import { isResilienceConfigError, ResilienceConfigError } from '../errors.js';
import { resolveCircuitBreakerOptions, type CircuitBreakerOptions } from './circuit-breaker-options.js';

function issuesOf(options: unknown): string[] {
  try {
    resolveCircuitBreakerOptions(options as CircuitBreakerOptions);
  } catch (error) {
    expect(isResilienceConfigError(error)).toBe(true);
    return (error as ResilienceConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ResilienceConfigError');
}

describe('resolveCircuitBreakerOptions', () => {
  it('fills in the defaults of a consecutive breaker', () => {
    expect(resolveCircuitBreakerOptions({ name: 'a' })).toEqual({
      name: 'a',
      windowType: 'consecutive',
      windowSize: 5,
      failureThreshold: 5,
      failureRateThreshold: 50,
      minimumCalls: 10,
      slowCallDurationThreshold: Number.POSITIVE_INFINITY,
      slowCallRateThreshold: 100,
      recoveryTimeout: 30_000,
      backoffMultiplier: 1,
      maxRecoveryTimeout: 300_000,
      jitter: 0,
      halfOpenMaxCalls: 1,
    });
  });

  it('defaults minimumCalls to the size of a count window and to 10 for a time window', () => {
    expect(resolveCircuitBreakerOptions({ name: 'a', slidingWindow: { type: 'count', size: 20 } }).minimumCalls).toBe(20);
    expect(resolveCircuitBreakerOptions({ name: 'a', slidingWindow: { type: 'count' } })).toMatchObject({
      windowSize: 100,
      minimumCalls: 100,
    });
    expect(resolveCircuitBreakerOptions({ name: 'a', slidingWindow: { type: 'time' } })).toMatchObject({
      windowSize: 60,
      minimumCalls: 10,
    });
  });

  it('takes the size of a consecutive window as its failure threshold', () => {
    expect(resolveCircuitBreakerOptions({ name: 'a', slidingWindow: { type: 'consecutive', size: 3 } }).failureThreshold).toBe(3);
  });

  it('names an unknown window type and lists the allowed ones', () => {
    expect(issuesOf({ name: 'a', slidingWindow: { type: 'sliding' } })).toEqual([
      `slidingWindow.type: must be one of 'consecutive', 'count', 'time', got "sliding"`,
    ]);
  });

  it('rejects negative sizes and thresholds outside 0..100, naming each key', () => {
    const issues = issuesOf({
      name: 'a',
      slidingWindow: { type: 'count', size: -1 },
      failureRateThreshold: 101,
      slowCallRateThreshold: -5,
      failureThreshold: 0,
    });
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual([
      'failureRateThreshold',
      'failureThreshold',
      'slidingWindow.size',
      'slowCallRateThreshold',
    ]);
    expect(issues).toContain('failureRateThreshold: must be a number from 0 to 100, got 101');
  });

  it('rejects halfOpenMaxCalls < 1 and non-positive recovery timeouts', () => {
    expect(issuesOf({ name: 'a', halfOpenMaxCalls: 0 })).toEqual(['halfOpenMaxCalls: must be an integer >= 1, got 0']);
    expect(issuesOf({ name: 'a', recoveryTimeout: 0 })[0]).toMatch(/^recoveryTimeout: must be a finite number > 0/);
    expect(issuesOf({ name: 'a', recoveryTimeout: Number.POSITIVE_INFINITY })[0]).toMatch(/^recoveryTimeout:/);
  });

  it('rejects a cap below the recovery timeout, a shrinking multiplier and jitter above 1', () => {
    expect(issuesOf({ name: 'a', recoveryTimeout: 1000, maxRecoveryTimeout: 500 })).toEqual([
      'maxRecoveryTimeout: must be >= recoveryTimeout (1000), got 500',
    ]);
    expect(issuesOf({ name: 'a', backoffMultiplier: 0.5 })).toEqual(['backoffMultiplier: must be a number >= 1, got 0.5']);
    expect(issuesOf({ name: 'a', jitter: 1.5 })).toEqual(['jitter: must be a number from 0 to 1, got 1.5']);
  });

  it('rejects minimumCalls larger than a count window', () => {
    expect(issuesOf({ name: 'a', slidingWindow: { type: 'count', size: 10 }, minimumCalls: 11 })[0]).toMatch(
      /^minimumCalls: must be at most slidingWindow.size \(10\)/,
    );
  });

  it('rejects a consecutive size that contradicts failureThreshold', () => {
    expect(issuesOf({ name: 'a', slidingWindow: { type: 'consecutive', size: 3 }, failureThreshold: 4 })[0]).toMatch(
      /^slidingWindow.size: is the failure threshold of a consecutive window/,
    );
  });

  it('requires a name and says which breaker is misconfigured', () => {
    expect(issuesOf({})).toEqual(['name: must be a non-empty string, got undefined']);
    expect(() => resolveCircuitBreakerOptions({ name: 'payments', jitter: -1 })).toThrow(/Invalid options for circuit breaker "payments"/);
  });

  it('rejects a non-positive slow-call threshold', () => {
    expect(issuesOf({ name: 'a', slowCallDurationThreshold: 0 })).toEqual(['slowCallDurationThreshold: must be a number > 0 (ms), got 0']);
  });

  it('checks recordOn/ignoreOn: arrays of classes or a predicate, not a lone class', () => {
    class MyError extends Error {}
    expect(resolveCircuitBreakerOptions({ name: 'a', recordOn: [TypeError], ignoreOn: (e) => e instanceof MyError }).name).toBe('a');
    expect(issuesOf({ name: 'a', recordOn: TypeError })).toEqual([
      'recordOn: is a class; pass error classes in an array, e.g. [TypeError]',
    ]);
    expect(issuesOf({ name: 'a', recordOn: MyError })).toEqual(['recordOn: is a class; pass error classes in an array, e.g. [TypeError]']);
    expect(issuesOf({ name: 'a', ignoreOn: [MyError, 'x'] })).toEqual(['ignoreOn[1]: must be an error class, got "x"']);
    expect(issuesOf({ name: 'a', ignoreOn: 'TypeError' })[0]).toMatch(/^ignoreOn: must be an array of error classes or a predicate/);
  });

  it('lists every problem at once', () => {
    expect(issuesOf({ name: '', halfOpenMaxCalls: 0, jitter: 2, now: 5 })).toHaveLength(4);
  });
});
