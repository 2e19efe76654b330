import { jest } from '@jest/globals';
import { coarseNow, isCoarseClockRunning, stopCoarseClock } from './coarse-clock.js';

describe('coarse clock', () => {
  beforeEach(() => {
    stopCoarseClock();
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    stopCoarseClock();
    jest.useRealTimers();
  });

  it('starts on the first read with the current time', () => {
    expect(isCoarseClockRunning()).toBe(false);
    expect(coarseNow()).toBe(1_000_000);
    expect(isCoarseClockRunning()).toBe(true);
  });

  it('follows the time within one tick', () => {
    coarseNow();
    jest.advanceTimersByTime(1000);
    const read = coarseNow();
    expect(read).toBeGreaterThan(1_000_000 + 1000 - 20);
    expect(read).toBeLessThanOrEqual(1_000_000 + 1000);
  });

  it('starts a real timer again when fake timers are removed after it started under them', () => {
    coarseNow(); // started under fake timers
    jest.useRealTimers();
    expect(Math.abs(coarseNow() - Date.now())).toBeLessThan(50);
    expect(isCoarseClockRunning()).toBe(true);
  });

  it('stops itself after a second without readers, and restarts on the next read', () => {
    coarseNow();
    jest.advanceTimersByTime(500);
    coarseNow();
    jest.advanceTimersByTime(900);
    expect(isCoarseClockRunning()).toBe(true);
    jest.advanceTimersByTime(200);
    expect(isCoarseClockRunning()).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
    expect(coarseNow()).toBe(Date.now());
    expect(isCoarseClockRunning()).toBe(true);
  });
});
