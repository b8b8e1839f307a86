import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { heardArgs } from '../../test/support/cli.ts';
import { embeddedOnly } from '../../test/support/database.ts';

// The command line sets passwords through the same policy as the web pages. It runs on its own
// embedded database in a folder of its own, whatever DATABASE_URL the tests were given.
const dataDir = mkdtempSync(path.join(tmpdir(), 'heard-create-admin-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function createAdmin(password: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HEARD_DATA_DIR: dataDir,
    HEARD_ADMIN_PASSWORD: password,
  };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, heardArgs('create-admin', '--email', 'jo@example.gov.uk', '--name', 'Jo Bloggs'), {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

it(
  'heard create-admin refuses a common password and creates the administrator with a strong one',
  { skip: embeddedOnly },
  () => {
    const weak = createAdmin('password1234');
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /^password: .*Choose a password that is harder to guess/m);
    // On a Node older than Heard supports, every command begins with a warning (src/cli/supported-node.ts).
    if (Number(process.versions.node.split('.')[0]) < 22)
      assert.match(weak.stderr, /^Warning: Heard supports Node\.js 22 or later/m);
    else assert.doesNotMatch(weak.stderr, /Warning: Heard supports/);
    const ok = createAdmin('kettle orbit plum seventeen');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Created administrator Jo Bloggs <jo@example.gov.uk>/);
  },
);
