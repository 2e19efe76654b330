/**
 * SIGINT/SIGTERM: stop accepting connections, let in-flight requests finish (bounded), close the
 * pools and worker threads (Nest shutdown hooks), stop the embedded Redis and stub, exit 0.
 * `app.close()` closes the HTTP server, which waits for requests in flight and closes idle
 * keep-alive sockets; past the deadline the remaining sockets are cut.
 */
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

export interface ShutdownOptions {
  app: INestApplication;
  /** Stops what was started besides the app (embedded Redis, stub). */
  stopDependencies: () => Promise<void>;
  timeoutMs: number;
  log: (line: string) => void;
}

export function installGracefulShutdown(options: ShutdownOptions): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      options.log(`${signal} again: still finishing in-flight requests (at most ${options.timeoutMs} ms)`);
      return;
    }
    shuttingDown = true;
    options.log(`${signal} received: finishing in-flight requests (at most ${options.timeoutMs} ms), then closing pools`);
    void shutDown(options).then(
      () => process.exit(0),
      (error: unknown) => {
        options.log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutDown({ app, stopDependencies, timeoutMs, log }: ShutdownOptions): Promise<void> {
  const server = app.getHttpServer() as Server;
  const deadline = setTimeout(() => {
    log(`in-flight requests still running after ${timeoutMs} ms: closing their connections`);
    server.closeAllConnections();
  }, timeoutMs);
  deadline.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
    await stopDependencies();
  }
  log('stopped');
}
