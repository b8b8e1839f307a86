import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { heardArgs } from '../../test/support/cli.ts';
import { copyMigratedDataFolder } from '../../test/support/pglite-template.ts';
import { embeddedOnly } from '../../test/support/database.ts';

// heard dispose on an embedded database of its own, whatever DATABASE_URL the tests were given.
// What a run disposes of is tested in src/services/retention/disposal.int.test.ts; this is the command's wiring.
const dataDir = mkdtempSync(path.join(tmpdir(), 'heard-dispose-'));
await copyMigratedDataFolder(dataDir);
after(() => rmSync(dataDir, { recursive: true, force: true }));

function dispose(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', HEARD_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, heardArgs('dispose', ...args), {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

it('heard dispose asks what to do, previews as CSV, and confirms a run', { skip: embeddedOnly }, () => {
  const none = dispose();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /heard dispose --preview \[--out FILE\.csv\], or heard dispose --confirm/);
  const out = path.join(dataDir, 'preview.csv');
  const preview = dispose('--preview', '--out', out);
  assert.equal(preview.status, 0, preview.stderr);
  assert.match(
    readFileSync(out, 'utf8'),
    /^\uFEFFReference,Type,Outcome,Closed on,Years kept,Anonymised on,Status,Legal hold\r\n$/,
  );
  assert.match(preview.stderr, /0 cases due now, 0 on legal hold, 0 due within a year\./);
  const run = dispose('--confirm');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Anonymised 0 cases and 0 people\./);
});
