import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { it } from 'node:test';
import { readTar, tarWriter } from './tar.ts';

async function archive(entries: [string, Buffer][]): Promise<Buffer> {
  const out = new PassThrough();
  const whole = buffer(out);
  const tar = tarWriter(out);
  for (const [name, bytes] of entries) await tar.add(name, bytes.length, Readable.from([bytes]));
  await tar.end();
  return whole;
}

it('reads back what it wrote, whatever the sizes against the 512-byte blocks', async () => {
  const entries: [string, Buffer][] = [0, 1, 511, 512, 513, 70_000].map((n, i) => [
    `files/0${i}/${String(i).repeat(32)}`,
    Buffer.alloc(n, i + 65),
  ]);
  const bytes = await archive(entries);
  assert.equal(bytes.length % 512, 0);
  const read: [string, Buffer][] = [];
  // Fed a few bytes at a time, as a slow disk or a pipe might.
  const chunks = Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) =>
    bytes.subarray(i * 777, (i + 1) * 777),
  );
  await readTar(Readable.from(chunks), async (entry, content) => {
    const parts: Buffer[] = [];
    for await (const c of content) parts.push(c);
    read.push([entry.name, Buffer.concat(parts)]);
  });
  assert.deepEqual(read, entries);
});

it('refuses a damaged header, an archive cut short, and a file whose size changed while it was written', async () => {
  const bytes = await archive([['heard-backup.json', Buffer.from('{}')]]);
  const damaged = Buffer.from(bytes);
  damaged[3] = 0x41;
  await assert.rejects(
    readTar(Readable.from([damaged]), async () => {}),
    /damaged/,
  );
  await assert.rejects(
    readTar(Readable.from([bytes.subarray(0, 512)]), async () => {}),
    /incomplete/,
  );
  const tar = tarWriter(new PassThrough().resume());
  await assert.rejects(tar.add('x', 10, Readable.from([Buffer.from('short')])), /changed while/);
});
