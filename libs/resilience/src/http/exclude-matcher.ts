/**
 * Decides whether a route template is excluded. An entry matches the template exactly or as a
 * prefix that ends on a segment boundary: `/health` excludes `/health` and `/health/live` but not
 * `/healthcheck-admin`. Trailing slashes are ignored on both sides.
 */
export function makeExcludeMatcher(entries: readonly string[]): (template: string) => boolean {
  const prefixes = entries.map(trimSlash);
  if (prefixes.length === 0) return () => false;
  return (template) => {
    const path = trimSlash(template);
    for (const prefix of prefixes) {
      if (prefix === '' || path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47) /* / */) return true;
    }
    return false;
  };
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path === '/' ? '' : path;
}
