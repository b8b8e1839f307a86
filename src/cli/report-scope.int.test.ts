import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

/**
 * `heard report annual --procedure … --unit …` as an operator runs it: a
 * narrowed report says in its title what it covers, and a procedure or unit
 * Heard does not know is refused with a message, before anything is written.
 */
describe('the report command’s procedure and unit', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'heard-report-scope-'));
    // Its own embedded database in a scratch folder, whatever DATABASE_URL the tests run with.
    const { DATABASE_URL: _url, ...inherited } = process.env;
    env = { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: path.join(dir, 'data') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const heard = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/heard.ts', 'report', 'annual', ...args], {
      env,
    });
  const year = ['--from', '2024-04-01', '--to', '2025-03-31'];

  it('refuses a procedure it does not know, listing the ones it does', async () => {
    await assert.rejects(
      heard(...year, '--procedure', 'nonsense'),
      (err: { code: number; stderr: string }) =>
        err.code === 2 && /--procedure is one of: .*childrens_statutory.*corporate/.test(err.stderr),
    );
  });

  it('refuses a unit no part of the organisation is called', async () => {
    await assert.rejects(
      heard(...year, '--unit', 'Nowhere Team'),
      (err: { code: number; stderr: string }) =>
        err.code === 2 && /No directorate, service or team is called "Nowhere Team"/.test(err.stderr),
    );
  });

  it('names the procedure in the title of a report narrowed to it', async () => {
    const out = path.join(dir, 'corporate.html');
    const { stdout } = await heard(...year, '--procedure', 'corporate', '--format', 'html', '--out', out);
    assert.match(stdout, /Report for Children's Services \(Corporate[^)]*\), 2024\/25, written to/);
    assert.match(
      readFileSync(out, 'utf8'),
      /<h1>Customer Feedback Annual Report: Children&#39;s Services \(Corporate[^)]*\) 2024\/25<\/h1>/,
    );
  });
});
