import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, it } from 'node:test';
import { FileMissingError, newFileKey } from './file-store.ts';
import { localFolderStore } from './local-folder.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'heard-store-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const store = localFolderStore(dir);

it('keeps a stream under a random key, gives it back as a stream, and deletes it', async () => {
  const key = newFileKey();
  await store.put(key, Readable.from([Buffer.from('Called back '), Buffer.from('on 27 March.')]));
  assert.ok(existsSync(path.join(dir, key.slice(0, 2), key)));
  assert.equal(await text(await store.get(key)), 'Called back on 27 March.');
  await store.delete(key);
  await assert.rejects(store.get(key), FileMissingError);
  await store.delete(key); // already gone: nothing to do
});

it('a stream that fails part way keeps nothing, not even half a file', async () => {
  const key = newFileKey();
  const failing = new Readable({ read() {} });
  failing.push(Buffer.alloc(1000, 65));
  setImmediate(() => failing.destroy(new Error('the browser went away')));
  await assert.rejects(store.put(key, failing), /the browser went away/);
  await assert.rejects(store.get(key), FileMissingError);
  assert.deepEqual(readdirSync(path.join(dir, 'unfinished')), []);
});

it('refuses any key it did not make: no path from outside reaches the folder', async () => {
  for (const key of [
    '../../etc/passwd',
    '..',
    'aa/../../escape',
    'ABCDEF0123456789ABCDEF0123456789',
    `${newFileKey()}/x`,
    `${newFileKey()}.pdf`,
    '',
    'report.pdf',
  ]) {
    await assert.rejects(store.put(key, Readable.from(['x'])), /Not a file key/, key);
    await assert.rejects(store.get(key), /Not a file key/, key);
    await assert.rejects(store.delete(key), /Not a file key/, key);
  }
  assert.ok(!existsSync(path.join(dir, '..', 'escape')));
});

it('tidies half-written files left by a process that stopped', async () => {
  const old = path.join(dir, 'unfinished', 'left-behind');
  writeFileSync(old, 'half');
  utimesSync(old, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
  writeFileSync(path.join(dir, 'unfinished', 'being-written'), 'half');
  assert.equal(await store.removeUnfinished(new Date('2024-01-02T00:00:00Z')), 1);
  assert.deepEqual(readdirSync(path.join(dir, 'unfinished')), ['being-written']);
});
