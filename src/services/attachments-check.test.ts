import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { it } from 'node:test';
import { FileCheck, MAX_ATTACHMENT_BYTES } from './attachments-check.ts';
import { DomainError } from './errors.ts';

/** Sends the bytes through the check in chunks of `chunk` bytes, as a network would. */
async function check(fileName: string, bytes: Buffer, chunk = 16 * 1024, truncated = false) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const c = new FileCheck(fileName, () => truncated);
  const out = await buffer(Readable.from(pieces).pipe(c));
  return { c, out };
}
const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

it('passes a file through unchanged, in pieces, with its type, size and hash', async () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200_000, 0x41), Buffer.from('\n%%EOF\n')]);
  const { c, out } = await check('letter.pdf', pdf);
  assert.ok(out.equals(pdf));
  assert.deepEqual(
    [c.contentType, c.bytes, c.sha256],
    ['application/pdf', pdf.length, createHash('sha256').update(pdf).digest('hex')],
  );
});

it('checks plain text all the way through, not just its start', async () => {
  const text = Buffer.concat([Buffer.alloc(100_000, 'a'), Buffer.from([0x00])]);
  await assert.rejects(check('notes.txt', text), refused('ATTACHMENT.TYPE'));
  const badUtf8 = Buffer.concat([Buffer.alloc(100_000, 'a'), Buffer.from([0xc3, 0x28])]);
  await assert.rejects(check('notes.txt', badUtf8), refused('ATTACHMENT.TYPE'));
  const cutCharacter = Buffer.concat([Buffer.from('caf'), Buffer.from([0xc3])]);
  await assert.rejects(check('notes.txt', cutCharacter), refused('ATTACHMENT.TYPE'));
  const accents = Buffer.from('Café, ça va — 1 March\r\n\tnext line\n');
  assert.equal(
    (await check('notes.txt', accents, 3)).c.contentType,
    'text/plain',
    'a character split between pieces is still text',
  );
});

it('refuses a file over 10 MB, counted as it arrives or cut off by the sender’s limit', async () => {
  await assert.rejects(
    check('big.txt', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 'a'), 1024 * 1024),
    refused('ATTACHMENT.TOO_BIG'),
  );
  await assert.rejects(check('big.txt', Buffer.alloc(1000, 'a'), 1024, true), refused('ATTACHMENT.TOO_BIG'));
});

it('knows a type by its bytes, not its name', async () => {
  await assert.rejects(check('photo.png', Buffer.from('%PDF-1.4\n%%EOF\n')), refused('ATTACHMENT.MISMATCH'));
  await assert.rejects(check('empty.pdf', Buffer.alloc(0)), refused('ATTACHMENT.EMPTY'));
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  await assert.rejects(check('page.txt', png), refused('ATTACHMENT.MISMATCH'));
  assert.equal((await check('page.png', png)).c.contentType, 'image/png');
});
