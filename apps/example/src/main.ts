/**
 * The example service. `npm start` builds and runs this (`node dist/apps/example/main.js`).
 * Environment: PORT (8000), HOST, ERROR_RATE, ADMIN_TOKEN, SHUTDOWN_TIMEOUT, CONFIG_FILE, and the
 * resilience variables (REDIS_URL/REDIS_HOST/..., EXTERNAL_API_BASE_URL, ...). See README.md.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureBodyParsing } from './bootstrap/body-parsing.js';
import { resolveConfigFile } from './bootstrap/config-file.js';
import { startEmbeddedDependencies } from './bootstrap/embedded-dependencies.js';
import { installGracefulShutdown } from './bootstrap/graceful-shutdown.js';
import { readAppSettings } from './settings/app-settings.js';

const log = (line: string): void => console.log(`[example] ${line}`);

async function bootstrap(): Promise<void> {
  const settings = readAppSettings(process.env);
  const configFile = resolveConfigFile(process.env);
  const dependencies = await startEmbeddedDependencies(process.env);
  log(`config: ${configFile}`);
  for (const line of dependencies.lines) log(line);
  log(
    `admin: ${settings.adminToken === undefined ? 'disabled (set ADMIN_TOKEN to enable /admin)' : 'enabled (Authorization: Bearer $ADMIN_TOKEN)'}`,
  );
  try {
    const env = { ...process.env, ...dependencies.envOverrides };
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ settings, configFile, env }), { bodyParser: false });
    configureBodyParsing(app);
    installGracefulShutdown({ app, stopDependencies: () => dependencies.stop(), timeoutMs: settings.shutdownTimeoutMs, log });
    if (settings.host === undefined) await app.listen(settings.port);
    else await app.listen(settings.port, settings.host);
    const address = app.getHttpServer().address() as { port: number };
    log(`listening on http://localhost:${address.port}`);
  } catch (error) {
    await dependencies.stop();
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  console.error(`[example] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
