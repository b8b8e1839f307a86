import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { heardArgs } from '../../test/support/cli.ts';
import { copyMigratedDataFolder } from '../../test/support/pglite-template.ts';
import { embeddedOnly } from '../../test/support/database.ts';

/**
 * `heard import FILE --report problems.csv` as an operator runs it: the
 * problems echo what the file held, and the file may come from anyone, so a
 * cell a spreadsheet would run as a formula is written as text.
 */
it('the import problem report neutralises a formula taken from the imported file', { skip: embeddedOnly }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heard-import-report-'));
  try {
    const input = path.join(dir, 'cases.csv');
    const out = path.join(dir, 'problems.csv');
    writeFileSync(
      input,
      'legacy_reference,type,received_on,"=HYPERLINK(""https://evil.example"",""x"")"\r\nCU1,complaint,2024-03-31,\r\n',
    );
    // Its own embedded database in a scratch folder, whatever DATABASE_URL the tests run with.
    const { DATABASE_URL: _url, ...inherited } = process.env;
    const env = { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: path.join(dir, 'data') };
    await copyMigratedDataFolder(env.HEARD_DATA_DIR);
    const run = promisify(execFile)(process.execPath, heardArgs('import', input, '--dry-run', '--report', out), {
      env,
    });
    await assert.rejects(run, (err: { code: number }) => err.code === 1, 'a file with problems exits 1');
    const csv = readFileSync(out, 'utf8');
    const formula = '"\'=HYPERLINK(""https://evil.example"",""x"")"';
    assert.ok(csv.startsWith(`\ufeffline,column,value,message\r\n1,${formula},${formula},"Unknown column`), csv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
