// Any unhandled rejection during a test fails that test: the library promises never to leak one.
const realSetImmediate = globalThis.setImmediate; // captured before any test fakes timers
const seen: unknown[] = [];
const record = (reason: unknown): void => {
  seen.push(reason);
};
process.on('unhandledRejection', record);

afterEach(async () => {
  // Let pending rejections surface before checking.
  await new Promise((resolve) => realSetImmediate(resolve));
  if (seen.length > 0) {
    const reasons = seen.splice(0);
    throw new Error(`Unhandled rejection(s) during test: ${reasons.map((r) => (r instanceof Error ? r.stack : String(r))).join('\n')}`);
  }
});

afterAll(() => {
  process.off('unhandledRejection', record);
});
