import { countPrimes } from './count-primes.js';

describe('countPrimes', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 2],
    [10, 4],
    [100, 25],
    [100_000, 9592],
  ])('counts the primes up to %i', (n, primes) => {
    expect(countPrimes(n)).toBe(primes);
  });
});
