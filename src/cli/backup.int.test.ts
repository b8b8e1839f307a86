import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import { openDatabase } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { SYSTEM_ACTOR, userActor } from '../services/actor.ts';
import { services } from '../services/index.ts';
import { localFolderStore } from '../storage/local-folder.ts';
import { heardArgs } from '../../test/support/cli.ts';
import { copyMigratedDataFolder } from '../../test/support/pglite-template.ts';
import { embeddedOnly } from '../../test/support/database.ts';

const NOTE = Buffer.from('Notes of the call on 3 June: the café meeting, £40 of bus fares.\n');

/** `heard backup` and `heard restore` as an operator runs them, on embedded databases of their own. */
it(
  'heard backup and restore: cases, attached files and the audit trail come back whole; a held or full folder is refused',
  { skip: embeddedOnly },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heard-backup-'));
    try {
      const { DATABASE_URL: _url, ...inherited } = process.env;
      const heard = async (dataDir: string, ...args: string[]) =>
        promisify(execFile)(process.execPath, heardArgs(...args), {
          env: { ...inherited, NODE_ENV: 'test', HEARD_DATA_DIR: dataDir },
        });
      const fails = (code: number, message: RegExp) => (err: { code: number; stderr: string }) =>
        err.code === code && message.test(err.stderr);

      // Some data, as the server would write it: a case, a document on it, its changes and a read.
      const original = path.join(dir, 'original');
      await copyMigratedDataFolder(original);
      const open = (dataDir: string) =>
        openDatabase({ engine: 'pglite', dataDir: path.join(dataDir), command: 'backup test' });
      let handle = await open(original);
      const svcFor = (dataDir: string, h: typeof handle) =>
        services(h.db, fixedClock('2026-11-30T10:00:00Z'), {
          referencePrefix: 'CS',
          files: localFolderStore(path.join(dataDir, 'files')),
        });
      let svc = svcFor(original, handle);
      await svc.referenceData.ensureDefaults();
      const user = await svc.users.create(SYSTEM_ACTOR, {
        email: 'officer@example.gov.uk',
        displayName: 'Jo Officer',
        role: 'complaints_officer',
        password: 'correct horse battery staple',
      });
      const actor = userActor(user);
      const made = await svc.cases.create(actor, {
        type: 'complaint',
        receivedOn: '2026-11-02',
        subject: 'Missed visits',
        description: 'Two visits missed.',
      });
      async function* one() {
        yield { fileName: 'call-notes.txt', stream: Readable.from([NOTE]) };
      }
      await svc.attachments.add(actor, made.id, one());
      await svc.accessLog.record(actor, { action: 'case.viewed', caseId: made.id, address: '192.0.2.1' });

      // While the database is open (as under a running server), backup says to stop it first and writes nothing.
      const file = path.join(dir, 'heard.tar');
      await assert.rejects(
        heard(original, 'backup', file),
        fails(1, /Stop the server first \(it holds the data folder/),
      );
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.startsWith('heard.tar')),
        [],
      );
      await handle.close();

      const backedUp = await heard(original, 'backup', file);
      assert.match(backedUp.stdout, /Backed up 1 case, 1 stored file, \d+ changes and 1 read in the audit trail/);

      // Into a fresh folder: everything is there, and the server's own opening (migrations) accepts it.
      const fresh = path.join(dir, 'fresh');
      const restored = await heard(fresh, 'restore', file);
      assert.match(restored.stdout, /Restored 1 case, 1 stored file/);
      handle = await open(fresh);
      svc = svcFor(fresh, handle);
      const [c] = rowsOf<{ reference: string; subject: string }>(
        await handle.db.execute(sql`select reference, subject from feedback_cases`),
      );
      assert.deepEqual(c, { reference: made.reference, subject: 'Missed visits' });
      const [attachment] = rowsOf<{ id: string }>(await handle.db.execute(sql`select id from attachments`));
      const download = await svc.attachments.download(actor, made.id, attachment!.id);
      assert.ok((await buffer(download.content)).equals(NOTE), 'the same bytes');
      const trail = rowsOf<{ action: string }>(
        await handle.db.execute(sql`select action from audit_events where case_id = ${made.id} order by id`),
      ).map((r) => r.action);
      assert.deepEqual(trail.slice(0, 1), ['case.create']);
      assert.ok(trail.includes('attachment.add'), trail.join(', '));
      const reads = rowsOf<{ action: string; client_address: string }>(
        await handle.db.execute(sql`select action, client_address from access_events order by id`),
      );
      assert.deepEqual(reads[0], { action: 'case.viewed', client_address: '192.0.2.1' });
      await handle.close();

      // A folder that holds data is not replaced without --force; with it, what was there is kept aside.
      await assert.rejects(heard(fresh, 'restore', file), fails(1, /already holds a database.*\n.*--force/));
      const forced = await heard(fresh, 'restore', file, '--force');
      assert.match(forced.stdout, /kept in .*pgdata\.replaced-/);
      assert.ok(readdirSync(fresh).some((f) => f.startsWith('pgdata.replaced-')));

      // The report's exact JSON from the command line names cases: recorded, with who ran it on the server.
      const modelFile = path.join(dir, 'model.json');
      await heard(original, 'report', 'annual', '--from', '2026-04-01', '--to', '2027-03-31', '--out', modelFile);
      handle = await open(original);
      const [taken] = rowsOf<{ actor_label: string; case_ids: string[] }>(
        await handle.db.execute(sql`select actor_label, case_ids from access_events where action = 'report.exported'`),
      );
      await handle.close();
      assert.match(taken!.actor_label, /^heard report, run by .+ on the server$/);
      assert.deepEqual(taken!.case_ids, [made.id]);

      // Something that is not a backup is refused, and the folder is left as it was.
      const notBackup = path.join(dir, 'not-a-backup.tar');
      writeFileSync(notBackup, 'hello');
      const empty = path.join(dir, 'empty');
      await assert.rejects(heard(empty, 'restore', notBackup), fails(1, /not a Heard backup|incomplete/));
      assert.deepEqual(
        readdirSync(empty).filter((f) => f !== 'session-secret'),
        [],
        'no database, no files, nothing half-unpacked left behind',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
