import {
  BulkheadFullError,
  CircuitOpenError,
  isBulkheadFullError,
  isCircuitOpenError,
  isTimeoutError,
  ResilienceError,
  TimeoutError,
} from './errors.js';

describe('errors', () => {
  it('brands errors so guards work without instanceof', () => {
    const open = CircuitOpenError.create('api', 'open', 1500);
    expect(open).toBeInstanceOf(ResilienceError);
    expect(open.code).toBe('CIRCUIT_OPEN');
    expect(open.retryAfterMs).toBe(1500);
    expect(isCircuitOpenError(open)).toBe(true);
    expect(isBulkheadFullError(open)).toBe(false);
    // A structurally copied error (as from a second copy of the package) keeps its brand.
    const foreign = Object.create(Object.getPrototypeOf(new Error()));
    foreign[Symbol.for('nest-resilience.error-code')] = 'TIMEOUT';
    expect(isTimeoutError(foreign)).toBe(true);
    expect(isTimeoutError(new Error('TIMEOUT'))).toBe(false);
  });

  it('names the error class and carries details', () => {
    const full = BulkheadFullError.create('db', 10, 5, 10, 5);
    expect(full.name).toBe('BulkheadFullError');
    expect(full.message).toContain('active 10/10');
    expect(new TimeoutError(250).message).toBe('Operation timed out after 250 ms');
  });
});
