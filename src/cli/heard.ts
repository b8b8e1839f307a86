/**
 * heard <command>: the command line. Every command that opens the embedded
 * database takes the data folder's lock, so the server and a command can
 * never write to it at once.
 *
 * Each command's code is imported only when that command runs (ADR 0013):
 * `heard help` loads this file and the help text; `heard migrate` the
 * database, but not the web server, the report renderers or the demo data.
 */
import { performance } from 'node:perf_hooks';
import { HELP } from './help.ts';
import { unsupportedNodeWarning } from './supported-node.ts';
import { keepWasmAsFirstCompiled } from '../db/wasm-tiering.ts';

interface Command {
  run(args: string[]): Promise<number>;
}

// Literal paths, one per command, so that the bundler (scripts/build-cli.mjs) makes each its own chunk.
const COMMAND_MODULES = {
  start: () => import('./commands/start.ts'),
  demo: () => import('./commands/demo.ts'),
  'create-admin': () => import('./commands/create-admin.ts'),
  import: () => import('./commands/import.ts'),
  setup: () => import('./commands/setup.ts'),
  report: () => import('./commands/report.ts'),
  migrate: () => import('./commands/migrate.ts'),
  backup: () => import('./commands/backup.ts'),
  restore: () => import('./commands/restore.ts'),
  dispose: () => import('./commands/dispose.ts'),
} satisfies Record<string, () => Promise<Command>>;

async function main(argv: string[]): Promise<number> {
  const nodeWarning = unsupportedNodeWarning(process.version);
  if (nodeWarning) console.error(nodeWarning);
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'start':
    case 'demo':
    case 'create-admin':
    case 'import':
    case 'setup':
    case 'report':
    case 'migrate':
    case 'backup':
    case 'restore':
    case 'dispose':
      // Every command but the server runs and ends (db/wasm-tiering.ts).
      if (command !== 'start') keepWasmAsFirstCompiled();
      return (await load(command)).run(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

/** A command's module, loaded now. */
async function load(command: keyof typeof COMMAND_MODULES): Promise<Command> {
  const loaded = await COMMAND_MODULES[command]();
  timing(`heard ${command}: ready`);
  return loaded;
}

/** With HEARD_STARTUP_TIMING=1 (npm run bench), how long the process took to get here, on the clock and the CPU. */
function timing(what: string): void {
  if (process.env.HEARD_STARTUP_TIMING !== '1') return;
  const { user, system } = process.cpuUsage();
  const cpu = ((user + system) / 1000).toFixed(0);
  console.error(`${what} ${performance.now().toFixed(0)} ms after the process started (CPU ${cpu} ms)`);
}

main(process.argv.slice(2)).then(
  (code) => {
    timing('heard: done');
    process.exit(code);
  },
  // The error classes are loaded only when something has gone wrong.
  async (err: unknown) => process.exit((await import('./failure.ts')).reportFailure(err)),
);
