/**
 * The route template of a request (`/api/items/:id`, never the raw path), read from whichever
 * adapter served it, and the handler's HTTP method from Nest's metadata. Both are read once per
 * route (the result is cached by handler), so breaker and bulkhead names stay a bounded set.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

type RequestWithRoute = {
  route?: { path?: unknown }; // Express
  routeOptions?: { url?: unknown }; // Fastify 4.10+ / 5
  method?: string;
};

export function routeTemplate(request: unknown, controller: object, handler: object): string {
  const r = request as RequestWithRoute;
  const fromAdapter =
    typeof r.route?.path === 'string' ? r.route.path : typeof r.routeOptions?.url === 'string' ? r.routeOptions.url : undefined;
  if (fromAdapter !== undefined) return fromAdapter;
  // Without adapter info (a custom adapter), build it from the decorators (no global prefix).
  const base = firstPath(Reflect.getMetadata(PATH_METADATA, controller));
  const own = firstPath(Reflect.getMetadata(PATH_METADATA, handler));
  return `/${[base, own]
    .filter((p) => p !== '' && p !== '/')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/')}`;
}

export function routeMethod(request: unknown, handler: object): string {
  const code: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
  if (typeof code === 'number' && RequestMethod[code] !== undefined) return RequestMethod[code];
  return (request as RequestWithRoute).method ?? 'GET';
}

function firstPath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}
