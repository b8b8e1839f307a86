import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The command line as an operator runs it, from the sources, on its own
 * embedded database in a scratch folder (whatever DATABASE_URL the tests run
 * with). `run` resolves with what it printed, or rejects with its exit code
 * and stderr.
 */
export function scratchCli(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `heard-${prefix}-`));
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const env = { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: path.join(dir, 'data') };
  return {
    dir,
    run: (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/heard.ts', ...args], { env }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
