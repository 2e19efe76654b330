import { RateSampler } from './rate-sampler.js';

describe('RateSampler', () => {
  it('admits one event per key per interval and reports how many it dropped', () => {
    let now = 1_000;
    const sampler = new RateSampler(1_000, () => now);
    expect(sampler.admit('a')).toBe(0);
    for (let i = 0; i < 9; i++) expect(sampler.admit('a')).toBe(-1);
    now += 999;
    expect(sampler.admit('a')).toBe(-1);
    now += 1;
    expect(sampler.admit('a')).toBe(10);
    expect(sampler.admit('a')).toBe(-1);
  });

  it('keeps keys apart', () => {
    const sampler = new RateSampler(1_000, () => 0);
    expect(sampler.admit('a')).toBe(0);
    expect(sampler.admit('b')).toBe(0);
    expect(sampler.admit('a')).toBe(-1);
  });

  it('admits everything with a zero interval', () => {
    const sampler = new RateSampler(0, () => 5);
    expect(sampler.admit('a')).toBe(0);
    expect(sampler.admit('a')).toBe(0);
  });
});
