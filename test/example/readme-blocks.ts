/**
 * The shell blocks README.md marks for testing: ```bash readme-test-start (how to start the service)
 * and ```bash readme-test (commands to run against it), each with the ```text block that follows it
 * (the output the README shows), if any.
 */
export interface ReadmeBlock {
  kind: 'start' | 'command';
  script: string;
  /** The output shown right after the block, when there is one. */
  shownOutput: string | undefined;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

const FENCE = /^```(\S*)(?:[ \t]+(\S+))?[ \t]*$/;

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const fenced: Array<{ lang: string; tag: string | undefined; body: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    fenced.push({ lang: open[1], tag: open[2], body: body.join('\n'), line: start + 1 });
  }
  const blocks: ReadmeBlock[] = [];
  fenced.forEach((f, index) => {
    if (f.lang !== 'bash' || (f.tag !== 'readme-test' && f.tag !== 'readme-test-start')) return;
    const next = fenced[index + 1];
    blocks.push({
      kind: f.tag === 'readme-test-start' ? 'start' : 'command',
      script: f.body,
      shownOutput: next !== undefined && next.lang === 'text' ? next.body : undefined,
      line: f.line,
    });
  });
  return blocks;
}

/**
 * Whether the actual output matches what the README shows: line by line, JSON lines must have the
 * same keys and the same `status`, `source`, `statusCode`, `name`, `key` and `value`; other lines
 * must be equal. A shown line starting with "..." ends the comparison (the README elides the rest).
 * Returns the first difference, or undefined.
 */
export function outputDrift(shown: string, actual: string): string | undefined {
  const expected = shown.split('\n');
  const got = actual.split('\n');
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i];
    if (want.startsWith('...')) return undefined;
    const have = got[i] ?? '<no line>';
    const wantJson = tryJson(want);
    if (wantJson === undefined) {
      if (want !== have) return `line ${i + 1}: README shows ${JSON.stringify(want)}, the service printed ${JSON.stringify(have)}`;
      continue;
    }
    const haveJson = tryJson(have);
    if (haveJson === undefined) return `line ${i + 1}: README shows JSON, the service printed ${JSON.stringify(have)}`;
    const keys = (o: Record<string, unknown>) => Object.keys(o).sort().join(',');
    if (keys(wantJson) !== keys(haveJson))
      return `line ${i + 1}: README shows keys ${keys(wantJson)}, the service printed ${keys(haveJson)}`;
    for (const field of ['status', 'source', 'statusCode', 'name', 'key', 'value']) {
      if (JSON.stringify(wantJson[field]) !== JSON.stringify(haveJson[field])) {
        return `line ${i + 1}: README shows ${field} ${JSON.stringify(wantJson[field])}, the service printed ${JSON.stringify(haveJson[field])}`;
      }
    }
  }
  return undefined;
}

function tryJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    // An elided JSON line ("{...}" inside) is compared by its leading keys only.
    return undefined;
  }
}
