/** Turns zod issues into flat (path, message) problems, looking inside unions at the branch the value was meant for. */
import type { z } from 'zod';
import { describeValue } from './describe-value.js';
import type { ConfigPath } from './schema/resolve-context.js';

export interface PathProblem {
  path: ConfigPath;
  message: string;
}

type Issue = z.core.$ZodIssue;

export function flattenIssues(issues: readonly Issue[], prefix: ConfigPath = []): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union') {
      // A branch whose problems all sit below the value is the one whose shape matched (an object for
      // `false | { ... }`): report its problems, which name the inner keys. Otherwise the union's own message.
      const matched = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
      if (matched) {
        out.push(...flattenIssues(matched, path));
        continue;
      }
    }
    out.push({ path, message: withInput(issue) });
  }
  return out;
}

/** Our fields already say what they got; zod's own messages (rare: structural) get it appended. */
function withInput(issue: Issue): string {
  if (issue.message.includes(', got ')) return issue.message;
  const input = (issue as { input?: unknown }).input;
  return input === undefined ? issue.message : `${issue.message}, got ${describeValue(input)}`;
}
