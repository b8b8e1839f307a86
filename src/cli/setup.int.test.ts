import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { heardArgs } from '../../test/support/cli.ts';
import { copyMigratedDataFolder } from '../../test/support/pglite-template.ts';
import { embeddedOnly } from '../../test/support/database.ts';

/** `heard setup load` and `heard setup export` as an operator runs them, on an embedded database of their own. */
it(
  'heard setup: a dry run, a load, a load again that adds nothing, an export that loads as it is, and a bad file',
  { skip: embeddedOnly },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heard-setup-'));
    try {
      const { DATABASE_URL: _url, ...inherited } = process.env;
      const env = { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: path.join(dir, 'data') };
      await copyMigratedDataFolder(env.HEARD_DATA_DIR);
      const heard = async (...args: string[]) =>
        (await promisify(execFile)(process.execPath, heardArgs('setup', ...args), { env })).stdout;
      const example = 'docs/examples/setup.yaml';
      assert.match(await heard('load', example, '--dry-run'), /No problems\. Loading would add 17 units/);
      assert.match(await heard('load', example), /Loaded 17 units of the organisation/);
      assert.match(await heard('load', example), /Nothing new to load/);
      const out = path.join(dir, 'export.yaml');
      await heard('export', '--out', out);
      assert.match(readFileSync(out, 'utf8'), /- directorate: Children's Services\n {4}opened: 2015-04-01/);
      assert.match(await heard('load', out), /Nothing new to load/);
      // The same set-up as CSV files, one per list: exported to a folder, and loaded back as they are.
      const folder = path.join(dir, 'csv');
      assert.match(await heard('export', '--format', 'csv', '--out', folder), /organisation\.csv, .*theme\.csv/);
      const lists = readdirSync(folder).map((f) => path.join(folder, f));
      assert.match(await heard('load', ...lists, '--dry-run'), /Nothing new to load/);
      const bad = path.join(dir, 'bad.yaml');
      writeFileSync(bad, 'organisation:\n  - directorate: X\n    opened: 2015-04-01\n    teams: [A]\n');
      await assert.rejects(
        heard('load', bad),
        (err: { code: number; stdout: string }) =>
          err.code === 1 && /line 4, organisation › X › A: A team must sit under a service/.test(err.stdout),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
