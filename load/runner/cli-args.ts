/** `npm run load -- <scenario...|all> [--url URL] [--admin-token T] [--out DIR]`. */
import { LoadConfigError, SCENARIO_NAMES } from '../scenarios/index.js';

export interface CliArgs {
  scenarios: string[];
  url?: string;
  adminToken?: string;
  outputDir?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run load -- <scenario...|all> [--url http://host:port] [--admin-token TOKEN] [--out DIR]
Scenarios: ${SCENARIO_NAMES.join(', ')}
Without --url the runner builds nothing: it starts dist/apps/example/main.js (run npm run build first)
with its own redis-server, the bundled upstream stub and each scenario's YAML overrides.
Environment: LOAD_TEST_MAX_USERS, LOAD_TEST_DURATION ("30s", "5m"), LOAD_TEST_OUTPUT_DIR (default load/output), ADMIN_TOKEN.`;

export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined>): CliArgs {
  const args: CliArgs = { scenarios: [], help: false, adminToken: env.ADMIN_TOKEN || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new LoadConfigError(`${arg}: needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--url') args.url = value();
    else if (arg === '--admin-token') args.adminToken = value();
    else if (arg === '--out') args.outputDir = value();
    else if (arg.startsWith('--')) throw new LoadConfigError(`${arg}: unknown option\n${USAGE}`);
    else if (arg === 'all') args.scenarios.push(...SCENARIO_NAMES);
    else if ((SCENARIO_NAMES as string[]).includes(arg)) args.scenarios.push(arg);
    else throw new LoadConfigError(`scenario: unknown scenario ${JSON.stringify(arg)}; choose ${SCENARIO_NAMES.join(', ')} or all`);
  }
  if (args.url !== undefined && !/^https?:\/\/[^/]+/.test(args.url))
    throw new LoadConfigError(`--url: must be an http(s) URL, got ${JSON.stringify(args.url)}`);
  if (args.scenarios.length === 0 && !args.help) throw new LoadConfigError(`scenario: name at least one scenario\n${USAGE}`);
  return args;
}
