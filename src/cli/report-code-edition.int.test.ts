import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { scratchCli } from '../../test/support/cli.ts';
import { embeddedOnly } from '../../test/support/database.ts';

/**
 * `heard report annual --edition code`: the Complaint Handling Code's annual
 * report for a financial year, as HTML to send to committee or as JSON; a
 * period that is not a financial year is refused before anything is read.
 */
const cli = await scratchCli('report-code');
// At the top, not in the describe: a skipped describe registers no hooks, and the folder is made either way.
after(cli.remove);
describe('the report command’s Code edition', { skip: embeddedOnly }, () => {
  const dir = cli.dir;
  const heard = (...args: string[]) => cli.run('report', 'annual', ...args);

  it('refuses a period that is not a financial year, and an edition it does not know', async () => {
    await assert.rejects(
      heard('--from', '2024-01-01', '--to', '2024-12-31', '--edition', 'code'),
      (err: { code: number; stderr: string }) =>
        err.code === 2 && /The Code edition is for a whole financial year/.test(err.stderr),
    );
    await assert.rejects(
      heard('--from', '2024-04-01', '--to', '2025-03-31', '--edition', 'adults'),
      (err: { code: number; stderr: string }) => err.code === 2 && /--edition is children .* or code/.test(err.stderr),
    );
  });

  it('writes the report with its self-assessment as HTML, and as JSON naming no case', async () => {
    const out = path.join(dir, 'code.html');
    const year = ['--from', '2024-04-01', '--to', '2025-03-31', '--edition', 'code'];
    const { stdout } = await heard(...year, '--format', 'html', '--out', out);
    assert.match(stdout, /The Complaint Handling Code report for 2024\/25, written to/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<h2 id="code-self-assessment">Self-assessment against the Complaint Handling Code<\/h2>/);
    assert.match(html, /<td>6\.2<\/td><td>Complaints are acknowledged and logged at Stage 1 within 5 working days/);
    assert.match(html, /<td>No complaints received in the year\.<\/td>/);
    const json = JSON.parse((await heard(...year)).stdout) as { edition: string; sections: { id: string }[] };
    assert.equal(json.edition, 'code');
    assert.deepEqual(json.sections.at(-1)?.id, 'code-self-assessment');
    assert.equal(JSON.stringify(json).includes('"refs"'), false);
  });
});
