/**
 * "Works alone" defaults: without REDIS_URL/REDIS_HOST the service starts its own redis-server on a
 * free port (if one is installed), and without EXTERNAL_API_BASE_URL its own upstream stub. What it
 * started is passed to the resilience configuration as environment overrides, and stopped on exit.
 */
import { redactUrl } from '@app/resilience';
import { getFreePort } from '../embedded/free-port.js';
import { isRedisServerInstalled, startRedisServer, type RedisServerHandle } from '../embedded/redis-launcher.js';
import { startUpstreamStub, type UpstreamStub } from '../embedded/upstream-stub.js';

export interface EmbeddedDependencies {
  /** Variables to lay over the environment the resilience configuration reads. */
  readonly envOverrides: Record<string, string>;
  /** One line per dependency saying what the service uses (no secrets). */
  readonly lines: readonly string[];
  readonly redis: RedisServerHandle | undefined;
  readonly upstream: UpstreamStub | undefined;
  /** Stops what was started here (never a dependency the user configured). */
  stop(): Promise<void>;
}

const INSTALL_REDIS_HINT =
  'install redis-server (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:6379';

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

export async function startEmbeddedDependencies(env: Record<string, string | undefined>): Promise<EmbeddedDependencies> {
  const envOverrides: Record<string, string> = {};
  const lines: string[] = [];
  let redis: RedisServerHandle | undefined;
  let upstream: UpstreamStub | undefined;

  if (isSet(env.REDIS_URL)) {
    lines.push(`redis: using REDIS_URL ${redactUrl(env.REDIS_URL)}`);
  } else if (isSet(env.REDIS_HOST)) {
    lines.push(`redis: using REDIS_HOST ${env.REDIS_HOST}:${isSet(env.REDIS_PORT) ? env.REDIS_PORT : 6379}`);
  } else if (isRedisServerInstalled()) {
    redis = await startRedisServer();
    envOverrides.REDIS_URL = redis.url;
    lines.push(`redis: started a private redis-server at ${redis.url} (pid ${redis.pid}); it stops with the service`);
  } else {
    // Nothing listens on this port: the pool reports `down` and the cache answers 503 until Redis is configured.
    envOverrides.REDIS_URL = `redis://127.0.0.1:${await getFreePort()}`;
    lines.push(`redis: none configured and redis-server is not installed; the cache endpoints answer 503. To fix: ${INSTALL_REDIS_HINT}`);
  }

  if (isSet(env.EXTERNAL_API_BASE_URL)) {
    lines.push(`upstream: using EXTERNAL_API_BASE_URL ${redactUrl(env.EXTERNAL_API_BASE_URL)}`);
  } else {
    try {
      upstream = await startUpstreamStub();
    } catch (error) {
      await redis?.stop();
      throw error;
    }
    envOverrides.EXTERNAL_API_BASE_URL = upstream.url;
    lines.push(`upstream: started the bundled upstream stub at ${upstream.url} (chaos controls: /admin/upstream)`);
  }

  return {
    envOverrides,
    lines,
    redis,
    upstream,
    async stop() {
      await Promise.allSettled([upstream?.stop(), redis?.stop()]);
    },
  };
}
