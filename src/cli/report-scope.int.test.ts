import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { scratchCli } from '../../test/support/cli.ts';
import { embeddedOnly } from '../../test/support/database.ts';

/**
 * `heard report annual --procedure … --unit …` as an operator runs it: a
 * narrowed report says in its title what it covers, and a procedure or unit
 * Heard does not know is refused with a message, before anything is written.
 */
const cli = await scratchCli('report-scope');
// At the top, not in the describe: a skipped describe registers no hooks, and the folder is made either way.
after(cli.remove);
describe('the report command’s procedure and unit', { skip: embeddedOnly }, () => {
  const dir = cli.dir;
  const heard = (...args: string[]) => cli.run('report', 'annual', ...args);
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
