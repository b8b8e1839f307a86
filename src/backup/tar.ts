import type { Readable, Writable } from 'node:stream';

/**
 * The little of POSIX tar (ustar) a backup needs: regular files with short
 * names, written and read as streams so that a file store of any size passes
 * through without being held in memory. Any `tar` program can list or unpack
 * the result (`tar -tf backup.tar`). Written here rather than taken as a
 * dependency because it is this small (ADR 0017).
 */
const BLOCK = 512;
const MAX_NAME = 100;
/** Eleven octal digits: 8 GiB less a byte, the most a plain ustar header can say. */
const MAX_SIZE = 8 ** 11 - 1;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > MAX_NAME || !name) throw new Error(`A name too long for the archive: ${name}`);
  if (size > MAX_SIZE) throw new Error(`${name} is larger than 8 GiB: too large for the archive`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

/** Writes entries one after another to `out`, each from a stream of exactly its size. */
export function tarWriter(out: Writable) {
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
  return {
    async add(name: string, size: number, content: Readable | Buffer, mtime = new Date()): Promise<void> {
      await write(tarHeader(name, size, mtime));
      let written = 0;
      if (Buffer.isBuffer(content)) {
        await write(content);
        written = content.length;
      } else
        for await (const chunk of content) {
          written += (chunk as Buffer).length;
          await write(chunk as Buffer);
        }
      // The size was promised in the header: a file that changed while being read would break the archive.
      if (written !== size) throw new Error(`${name} changed while it was being backed up`);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) await write(Buffer.alloc(pad));
    },
    async end(): Promise<void> {
      await write(Buffer.alloc(BLOCK * 2));
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(resolve);
      });
    },
  };
}

export interface TarEntry {
  name: string;
  size: number;
}

/**
 * Reads an archive's entries in order, handing each entry's bytes to
 * `onEntry` as a sequence of chunks; refuses anything but regular files and a
 * header whose checksum is wrong (a damaged or foreign file).
 */
export async function readTar(
  input: AsyncIterable<Buffer | string>,
  onEntry: (entry: TarEntry, chunks: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  let buffered = Buffer.alloc(0);
  const source = input[Symbol.asyncIterator]();
  let done = false;
  async function fill(n: number): Promise<boolean> {
    while (buffered.length < n && !done) {
      const next = await source.next();
      if (next.done) done = true;
      else buffered = Buffer.concat([buffered, Buffer.from(next.value)]);
    }
    return buffered.length >= n;
  }
  function take(n: number): Buffer {
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  }
  for (;;) {
    if (!(await fill(BLOCK))) throw new Error('The archive ends too soon: it is incomplete');
    const header = take(BLOCK);
    if (header.every((b) => b === 0)) return;
    const entry = parseHeader(header);
    let left = entry.size;
    async function* chunks(): AsyncGenerator<Buffer> {
      while (left > 0) {
        if (!(await fill(1))) throw new Error(`The archive ends in the middle of ${entry.name}: it is incomplete`);
        const piece = take(Math.min(left, buffered.length));
        left -= piece.length;
        yield Buffer.from(piece);
      }
    }
    await onEntry(entry, chunks());
    // Whatever the reader left unread of this entry is skipped.
    for await (const _ of chunks());
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad) {
      if (!(await fill(pad))) throw new Error('The archive ends too soon: it is incomplete');
      take(pad);
    }
  }
}

function parseHeader(h: Buffer): TarEntry {
  const field = (start: number, length: number) =>
    h
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  const stored = Number.parseInt(field(148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  if (stored !== sum) throw new Error('This is not a Heard backup, or it is damaged (a header does not add up)');
  const type = field(156, 1);
  if (type !== '0' && type !== '') throw new Error('The archive holds something other than plain files');
  const prefix = field(345, 155);
  const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
  return { name, size: Number.parseInt(field(124, 12).trim() || '0', 8) };
}
