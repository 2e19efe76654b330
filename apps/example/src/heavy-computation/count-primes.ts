/** The CPU work of /api/heavy-computation: primes up to `n` by trial division (slow on purpose, O(n√n)). */
export function countPrimes(n: number): number {
  if (n < 2) return 0;
  let count = 1; // 2
  for (let candidate = 3; candidate <= n; candidate += 2) {
    let prime = true;
    for (let d = 3; d * d <= candidate; d += 2) {
      if (candidate % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}
