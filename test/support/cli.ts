import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { copyMigratedDataFolder } from './pglite-template.ts';

/**
 * The arguments that run Heard's command line in a new process: the compiled build (ADR 0013)
 * that scripts/run-tests.mjs makes current before the tests start (HEARD_TEST_CLI), as `npm run
 * heard` runs it, or the TypeScript sources when a test file is run on its own. The compiled
 * one starts in a fraction of a second instead of compiling every module again at each start.
 */
export function heardArgs(...args: string[]): string[] {
  const built = process.env.HEARD_TEST_CLI;
  return built ? [built, ...args] : ['--import', 'tsx', 'src/cli/heard.ts', ...args];
}

/**
 * The command line as an operator runs it, on its own
 * embedded database in a scratch folder (migrated already, as after `heard migrate`) (whatever DATABASE_URL the tests run
 * with). `run` resolves with what it printed, or rejects with its exit code
 * and stderr.
 */
export async function scratchCli(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `heard-${prefix}-`));
  await copyMigratedDataFolder(path.join(dir, 'data'));
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const env = { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: path.join(dir, 'data') };
  return {
    dir,
    run: (...args: string[]) => promisify(execFile)(process.execPath, heardArgs(...args), { env }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
