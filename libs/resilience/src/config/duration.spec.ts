import { formatDuration, parseDuration, tryParseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    [250, 'ms', 250],
    [60, 's', 60_000],
    [0.5, 's', 500],
    ['30', 's', 30_000],
    ['30', 'ms', 30],
    ['500ms', 's', 500],
    ['30s', 'ms', 30_000],
    ['2m', 's', 120_000],
    ['1h', 'ms', 3_600_000],
    ['1d', 'ms', 86_400_000],
    ['1.5s', 'ms', 1_500],
    ['1m30s', 's', 90_000],
    [' 10 s ', 's', 10_000],
    ['30S', 'ms', 30_000],
    [0, 's', 0],
  ] as const)('%j with bare unit %s is %d ms', (value, unit, ms) => {
    expect(parseDuration(value, unit)).toBe(ms);
  });

  it.each([['-5'], [-1], ['5 parsecs'], ['s'], [''], ['10 20s'], [Number.NaN], [Number.POSITIVE_INFINITY], ['1x']])(
    '%j is not a duration',
    (value) => {
      expect(tryParseDuration(value, 'ms')).toBeUndefined();
      expect(() => parseDuration(value as number | string)).toThrow(/Invalid duration/);
    },
  );

  it('treats non-number, non-string values as invalid', () => {
    expect(tryParseDuration(true)).toBeUndefined();
    expect(tryParseDuration({})).toBeUndefined();
  });

  it('formats milliseconds back to the shortest exact unit', () => {
    expect([30_000, 90_000, 3_600_000, 1_500, 120_000].map(formatDuration)).toEqual(['30s', '90s', '1h', '1500ms', '2m']);
  });
});
