/**
 * A shared coarse clock for time windows (DESIGN §3a): `Date.now()` costs about 57 ns, too much
 * for every call, so one module-level value is refreshed by a single unref'd interval shared by
 * every breaker. The interval starts on the first read and stops itself after a second without
 * readers, so idle processes hold no timer and breakers never hold one of their own.
 *
 * The value can lag by one tick, or by as long as the event loop is blocked; time windows use
 * one-second buckets, so that is harmless.
 */
const TICK_MS = 10;
/** Ticks without a read before the interval stops (1 s). */
const IDLE_TICKS = 100;

let current = 0;
let timer: ReturnType<typeof setInterval> | null = null;
/**
 * The `setInterval` the timer was made with. When it differs from the global one, test code has
 * installed or removed fake timers since, and our timer may never tick again: start a new one.
 */
let startedWith: typeof setInterval | null = null;
let readSinceTick = false;
let idleTicks = 0;

function tick(): void {
  current = Date.now();
  if (readSinceTick) {
    readSinceTick = false;
    idleTicks = 0;
  } else if (++idleTicks >= IDLE_TICKS) {
    stopCoarseClock();
  }
}

/** Milliseconds since the epoch, at most a tick old. */
export function coarseNow(): number {
  if (timer === null || startedWith !== globalThis.setInterval) {
    current = Date.now();
    idleTicks = 0;
    startedWith = globalThis.setInterval;
    timer = setInterval(tick, TICK_MS);
    timer.unref?.();
  }
  readSinceTick = true;
  return current;
}

/** Whether the shared interval is running (for tests and the timer check of the benchmark). */
export function isCoarseClockRunning(): boolean {
  return timer !== null;
}

/** Stops the shared interval now; the next read starts it again. */
export function stopCoarseClock(): void {
  if (timer !== null) clearInterval(timer);
  timer = null;
}
