import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, NotFoundException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_SETTINGS, type AppSettings } from '../settings/app-settings.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`. Without ADMIN_TOKEN the admin endpoints do not exist (404),
 * so a forgotten variable never leaves them open. The token is compared in constant time (on
 * SHA-256 digests, which have equal length whatever was sent).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(APP_SETTINGS) settings: AppSettings) {
    this.expected = settings.adminToken === undefined ? undefined : digest(settings.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage & { path?: string }>();
    if (this.expected === undefined)
      throw new NotFoundException(`Cannot ${request.method} ${request.path ?? request.url} (set ADMIN_TOKEN to enable /admin)`);
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (match === null || !timingSafeEqual(digest(match[1].trim()), this.expected)) {
      context.switchToHttp().getResponse<ServerResponse>().setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      throw new UnauthorizedException(match === null ? 'Send Authorization: Bearer <ADMIN_TOKEN>' : 'Wrong admin token');
    }
    return true;
  }
}
