/** Sets a response header on either adapter: Node/Express `setHeader`, Fastify reply `header`. */
export function setHeader(response: unknown, name: string, value: string | number): void {
  const res = response as { setHeader?: (n: string, v: string | number) => void; header?: (n: string, v: string | number) => void };
  if (typeof res.setHeader === 'function') res.setHeader(name, value);
  else if (typeof res.header === 'function') res.header(name, value);
}
