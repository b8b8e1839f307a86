import assert from 'node:assert/strict';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { backup, BackupRefusedError, restore } from './backup.ts';
import { tarWriter } from './tar.ts';

/**
 * What a backup or restore refuses before it writes anything it should not:
 * a half-written file (or a link) already where the backup goes, a damaged
 * database inside a backup, and an archive naming a file twice. Each is
 * refused with a message, and the data folder is left as it was.
 */
describe('backup and restore refuse what they should not touch', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'heard-backup-refusals-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function archive(file: string, entries: [string, Buffer][]) {
    const out = createWriteStream(file);
    const tar = tarWriter(out);
    for (const [name, bytes] of entries) await tar.add(name, bytes.length, bytes, new Date('2026-11-30T00:00:00Z'));
    await tar.end();
  }
  const manifest = Buffer.from(JSON.stringify({ format: 'heard-backup', version: 1, createdAt: '', files: 0 }));

  it('never writes through a file or link already at the half-written name', async () => {
    const dataDir = path.join(dir, 'data1');
    mkdirSync(path.join(dataDir, 'pgdata'), { recursive: true });
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, path.join(dir, 'out.tar.partial'));
    await assert.rejects(
      backup({ dataDir, filesDir: path.join(dataDir, 'files') }, path.join(dir, 'out.tar'), new Date()),
      (e: Error) => e instanceof BackupRefusedError && /out\.tar\.partial already exists/.test(e.message),
    );
    assert.equal(statSync(victim).size, 7, 'the file the link points to is untouched');
    assert.equal(existsSync(path.join(dir, 'out.tar')), false);
  });

  it('refuses a backup whose database is damaged, with a message, leaving nothing behind', async () => {
    const file = path.join(dir, 'damaged.tar');
    await archive(file, [
      ['heard-backup.json', manifest],
      ['database.tar.gz', Buffer.concat([gzipSync(Buffer.alloc(2048)).subarray(0, 20), Buffer.from('not gzip')])],
    ]);
    const dataDir = path.join(dir, 'data2');
    mkdirSync(dataDir);
    await assert.rejects(
      restore({ dataDir, filesDir: path.join(dataDir, 'files') }, file, { force: false, now: new Date() }),
      (e: Error) => e instanceof BackupRefusedError && /holds a damaged database/.test(e.message),
    );
    assert.deepEqual(
      readdirSync(dataDir).filter((f) => f.startsWith('restoring')),
      [],
    );
  });

  it('refuses an archive that names the same entry twice, and one that is not an archive', async () => {
    const twice = path.join(dir, 'twice.tar');
    await archive(twice, [
      ['heard-backup.json', manifest],
      ['heard-backup.json', manifest],
    ]);
    const dataDir = path.join(dir, 'data3');
    mkdirSync(dataDir);
    const places = { dataDir, filesDir: path.join(dataDir, 'files') };
    await assert.rejects(
      restore(places, twice, { force: false, now: new Date() }),
      (e: Error) => e instanceof BackupRefusedError && /twice/.test(e.message),
    );
    const text = path.join(dir, 'text.tar');
    writeFileSync(text, 'hello, this is not a tar file at all\n'.repeat(40));
    await assert.rejects(
      restore(places, text, { force: false, now: new Date() }),
      (e: Error) => e instanceof BackupRefusedError,
    );
  });
});
