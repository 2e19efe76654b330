import fc from 'fast-check';
import { grownRecoveryTimeout, jitteredWait } from './recovery-backoff.js';

describe('recovery backoff', () => {
  it('grows by the multiplier up to the cap', () => {
    let t = 1000;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = grownRecoveryTimeout(t, 2, 5000);
      seen.push(t);
    }
    expect(seen).toEqual([2000, 4000, 5000, 5000, 5000]);
  });

  it('jitter keeps the wait within (timeout × (1 − jitter), timeout]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (timeout, jitter, r) => {
          const wait = jitteredWait(timeout, jitter, () => r);
          expect(wait).toBeLessThanOrEqual(timeout);
          expect(wait).toBeGreaterThanOrEqual(timeout * (1 - jitter) - 1e-6);
        },
      ),
    );
  });

  it('without jitter the wait is the timeout and no random number is drawn', () => {
    expect(
      jitteredWait(1234, 0, () => {
        throw new Error('not called');
      }),
    ).toBe(1234);
  });
});
