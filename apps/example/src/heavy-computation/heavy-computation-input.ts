import { BadRequestException } from '@nestjs/common';

/** n bounds the work: about 1 s of CPU at the maximum on a laptop core, a few ms at the default. */
export const DEFAULT_N = 100_000;
export const MAX_N = 5_000_000;

export function parseN(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_N;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > MAX_N) {
    throw new BadRequestException(`n: must be a whole number from 1 to ${MAX_N}, got ${JSON.stringify(text)}`);
  }
  return n;
}
