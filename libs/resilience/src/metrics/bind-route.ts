/**
 * Serves a GET route straight on the HTTP adapter (Express or Fastify). The health and metrics
 * endpoints are bound this way at module init, from the resolved configuration, so `enabled` and
 * `path` can come from YAML, env or forRootAsync. They are bound after the app's own controllers
 * (an app's own `/health` wins), ignore the global prefix (probes use absolute paths) and bypass
 * global guards and interceptors (rate limits must not fail a probe).
 */
import { HttpException, Logger, type HttpServer } from '@nestjs/common';

export interface RouteAnswer {
  body: unknown;
  status?: number;
  contentType?: string;
}

export function bindGetRoute(adapter: HttpServer, path: string, answer: () => RouteAnswer | Promise<RouteAnswer>): void {
  adapter.get(path, async (_req: unknown, res: unknown) => {
    adapter.setHeader(res, 'Cache-Control', 'no-cache, no-store, must-revalidate');
    try {
      const { body, status = 200, contentType } = await answer();
      if (contentType) adapter.setHeader(res, 'Content-Type', contentType);
      adapter.reply(res, body, status);
    } catch (err) {
      if (err instanceof HttpException) {
        adapter.reply(res, err.getResponse(), err.getStatus());
        return;
      }
      new Logger('Resilience').error(`GET ${path} failed: ${err instanceof Error ? err.message : String(err)}`);
      adapter.reply(res, { statusCode: 500, error: 'Internal Server Error', message: `GET ${path} failed` }, 500);
    }
  });
}
