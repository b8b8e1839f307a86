import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text as textOf } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { Document, Packer, Paragraph } from 'docx';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeUser, testServices } from '../../test/support/factories.ts';
import { storedFiles, testFileStore } from '../../test/support/files.ts';
import { testConfig } from '../../test/support/web.ts';
import { startServer, type RunningServer } from '../server.ts';
import { localFolderStore } from '../storage/local-folder.ts';
import { moveFileBytesToStore } from './attachments-move.ts';
import { startBackgroundWork } from './background.ts';
import { DomainError } from './errors.ts';
import type { Services } from './index.ts';
import type { PublicAnswers } from './intake.ts';

const answers: PublicAnswers = {
  route: 'adult',
  type: 'complaint',
  relationship: 'MOTHER',
  givenName: 'Sarah',
  familyName: 'Jones',
  contactBy: 'post',
  addressLine1: '1 High Street',
  postcode: 'SY2 6ND',
  whatHappened: 'Nobody called back.',
};
const text = (bytes: number) => Buffer.alloc(bytes, 'a');
const fileOf = (fileName: string, content: Buffer) => ({ fileName, stream: Readable.from([content]) });
const refusedWith = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

/** A clock the test moves on. */
function movableClock(start: string) {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

describe('files on unsent public forms', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  const store = testFileStore();
  const clock = movableClock('2024-03-27T10:00:00Z');
  const rows = async () =>
    rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from pending_uploads`))[0]!.n;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, clock, {
      files: store,
      stagedUploadQuota: { perAddressBytes: 3000, totalBytes: 5000 },
    });
  });
  after(() => handle.close());

  it('each address has a quota of bytes waiting, however many forms it starts; everyone together has another', async () => {
    const a = { address: '192.0.2.1', atMostBytes: 1200 };
    for (let i = 0; i < 2; i++) await svc.intake.stageUpload(randomUUID(), a, fileOf('note.txt', text(1000)));
    // A new form from the same address (a new visit to the start) brings no new room.
    await assert.rejects(
      svc.intake.stageUpload(randomUUID(), a, fileOf('note.txt', text(1000))),
      refusedWith('UPLOAD.ADDRESS_QUOTA'),
    );
    const b = { address: '192.0.2.2', atMostBytes: 1200 };
    for (let i = 0; i < 2; i++) await svc.intake.stageUpload(randomUUID(), b, fileOf('note.txt', text(1000)));
    await assert.rejects(
      svc.intake.stageUpload(randomUUID(), { address: '192.0.2.3', atMostBytes: 1200 }, fileOf('note.txt', text(1000))),
      refusedWith('UPLOAD.BUSY'),
    );
    assert.equal(await rows(), 4);
    assert.equal(storedFiles(store).length, 4, 'nothing of the refused files on the disk');
    // Sizes held are the files' own, not the places they took while arriving.
    assert.deepEqual(
      rowsOf<{ total: number }>(
        await handle.db.execute(sql`select sum(size_bytes)::int as total from pending_uploads`),
      ),
      [{ total: 4000 }],
    );
  });

  it('uploads at the same moment cannot both take the last room', async () => {
    const from = { address: '192.0.2.9', atMostBytes: 1000 };
    await handle.db.execute(sql`delete from pending_uploads`);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => svc.intake.stageUpload(randomUUID(), from, fileOf('note.txt', text(900)))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    assert.ok(results.every((r) => r.status === 'fulfilled' || refusedWith('UPLOAD.ADDRESS_QUOTA')(r.reason)));
  });

  it('a form takes at most five files', async () => {
    await handle.db.execute(sql`delete from pending_uploads`);
    const id = randomUUID();
    for (let i = 0; i < 5; i++)
      await svc.intake.stageUpload(id, { address: `198.51.100.${i}`, atMostBytes: 100 }, fileOf('n.txt', text(10)));
    await assert.rejects(
      svc.intake.stageUpload(id, { address: '198.51.100.9', atMostBytes: 100 }, fileOf('n.txt', text(10))),
      refusedWith('ATTACHMENT.TOO_MANY'),
    );
  });

  it('a sender who goes away part way through leaves nothing behind', async () => {
    await handle.db.execute(sql`delete from pending_uploads`);
    const before = storedFiles(store).length;
    const cut = new Readable({ read() {} });
    cut.push(text(500));
    setImmediate(() => cut.destroy(new Error('connection reset')));
    await assert.rejects(
      svc.intake.stageUpload(
        randomUUID(),
        { address: '192.0.2.1', atMostBytes: 1000 },
        { fileName: 'note.txt', stream: cut },
      ),
      /connection reset/,
    );
    assert.equal(await rows(), 0);
    assert.equal(storedFiles(store).length, before);
    assert.deepEqual(readdirSync(path.join(store.dir, 'unfinished')), []);
  });

  it('knows a Word document by its first bytes', async () => {
    await handle.db.execute(sql`delete from pending_uploads`);
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Meeting notes, 1 March')] }] }),
    );
    const id = randomUUID();
    const roomy = await testServices(handle, clock, { files: store });
    await roomy.intake.stageUpload(
      id,
      { address: '203.0.113.1', atMostBytes: docx.length },
      fileOf('notes.docx', Buffer.from(docx)),
    );
    assert.deepEqual(
      (await roomy.intake.stagedUploads(id)).map((u) => u.contentType),
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    );
  });

  it('the background work deletes files on unsent forms an hour after they were added, bytes and all', async () => {
    await handle.db.execute(sql`delete from pending_uploads`);
    const id = randomUUID();
    await svc.intake.stageUpload(id, { address: '192.0.2.1', atMostBytes: 200 }, fileOf('note.txt', text(100)));
    const onDisk = storedFiles(store).length;
    clock.advance(59 * 60_000);
    assert.equal(await svc.intake.purgeStaleUploads(), 0, 'kept for the hour');
    clock.advance(2 * 60_000);
    const background = startBackgroundWork(svc, { info: () => {}, warn: () => {}, error: () => {} }, { everyMs: 10 });
    try {
      for (let i = 0; i < 200 && (await rows()) > 0; i++) await sleep(25);
    } finally {
      await background.stop();
    }
    assert.equal(await rows(), 0);
    assert.equal(storedFiles(store).length, onDisk - 1);
    assert.deepEqual(await svc.intake.stagedUploads(id), []);
  });
});

describe('attachment bytes kept in the database by earlier versions', () => {
  it('move to the file store at start, and read back the same', async () => {
    const handle = await testDatabase();
    try {
      const store = testFileStore();
      const svc = await testServices(handle, undefined, { files: store });
      const { actor } = await makeUser(svc, 'complaints_officer');
      const made = await makeCase(svc, actor);
      const old = Buffer.from('%PDF-1.4\nan old letter\n%%EOF\n');
      const staged = Buffer.from('A file staged before the upgrade.');
      const submissionId = randomUUID();
      // As the earlier version wrote them: bytes in attachment_contents and in pending_uploads.content.
      const [att] = rowsOf<{ id: string }>(
        await handle.db.execute(
          sql`insert into attachments (case_id, file_name, content_type, size_bytes, sha256, storage_key) values (${made.id}, 'old.pdf', 'application/pdf', ${old.length}, 'x', 'legacy-key-0001') returning id`,
        ),
      );
      await handle.db.execute(
        sql`insert into attachment_contents (attachment_id, content) values (${att!.id}, ${old})`,
      );
      await handle.db.execute(
        sql`insert into pending_uploads (submission_id, file_name, content_type, sha256, content, created_at) values (${submissionId}, 'staged.txt', 'text/plain', 'y', ${staged}, ${svc.clock.now()})`,
      );

      assert.deepEqual(await moveFileBytesToStore(handle.db, store), { attachments: 1, stagedUploads: 1 });
      assert.deepEqual(
        await moveFileBytesToStore(handle.db, store),
        { attachments: 0, stagedUploads: 0 },
        'a second start has nothing to move',
      );
      assert.deepEqual(rowsOf(await handle.db.execute(sql`select count(*)::int as n from attachment_contents`)), [
        { n: 0 },
      ]);
      assert.deepEqual(
        rowsOf(await handle.db.execute(sql`select count(*)::int as n from pending_uploads where content is not null`)),
        [{ n: 0 }],
      );
      assert.equal(storedFiles(store).length, 2);

      const file = await svc.attachments.download(actor, made.id, att!.id);
      assert.ok((await buffer(file.content)).equals(old), 'the old attachment reads back the same');
      const sent = await svc.intake.submitPublic(submissionId, answers);
      const [moved] = rowsOf<{ id: string }>(
        await handle.db.execute(sql`select id from attachments where case_id = ${sent.caseId}`),
      );
      assert.ok(
        (await buffer((await svc.attachments.download(actor, sent.caseId, moved!.id)).content)).equals(staged),
        'the old staged file reaches its case',
      );
    } finally {
      await handle.close();
    }
  });

  it('are moved by the server when it starts', async () => {
    const handle = await testDatabase();
    const config = testConfig({ port: 0 });
    let server: RunningServer | undefined;
    try {
      const svc = await testServices(handle);
      const { actor } = await makeUser(svc, 'complaints_officer');
      const made = await makeCase(svc, actor);
      const [att] = rowsOf<{ id: string }>(
        await handle.db.execute(
          sql`insert into attachments (case_id, file_name, content_type, size_bytes, sha256, storage_key) values (${made.id}, 'old.txt', 'text/plain', 5, 'x', 'legacy-key-0002') returning id`,
        ),
      );
      await handle.db.execute(
        sql`insert into attachment_contents (attachment_id, content) values (${att!.id}, ${Buffer.from('hello')})`,
      );
      server = await startServer(config, svc.clock, { handle, backgroundEveryMs: 60_000 });
      assert.deepEqual(rowsOf(await handle.db.execute(sql`select count(*)::int as n from attachment_contents`)), [
        { n: 0 },
      ]);
      assert.equal(await textOf((await server.svc.attachments.download(actor, made.id, att!.id)).content), 'hello');
      assert.equal(storedFiles(localFolderStore(config.filesDir)).length, 1, 'in the configured files folder');
    } finally {
      if (server) await server.stop();
      else await handle.close();
    }
  });
});
