import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertFileKey, FileMissingError, newFileKey, type FileStore } from './file-store.ts';

export interface LocalFolderStore extends FileStore {
  readonly dir: string;
  /** Removes half-written files older than the date (left by a process that stopped mid-upload); returns how many. */
  removeUnfinished(olderThan: Date): Promise<number>;
}

/**
 * Files in a local folder: <dir>/<first two hex digits>/<key>. A file is
 * written under <dir>/unfinished/ first, flushed to disk, then renamed into
 * place, so a reader never sees half a file and a crash leaves only an
 * unfinished one to tidy. Folders are private to the server's user.
 */
export function localFolderStore(folder: string): LocalFolderStore {
  const dir = path.resolve(folder);
  const unfinished = path.join(dir, 'unfinished');

  function pathOf(key: string): string {
    assertFileKey(key);
    const file = path.join(dir, key.slice(0, 2), key);
    // The key's pattern already rules out separators and dots; this says so again where it matters.
    if (path.dirname(path.dirname(file)) !== dir) throw new Error('Not a file key made by Heard');
    return file;
  }

  return {
    dir,

    async put(key, content) {
      // Until the pipeline below listens, an error from the sender must not go unheard (it would stop the process);
      // the pipeline still sees it, as the stream's own error.
      content.on('error', () => {});
      const file = pathOf(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await mkdir(unfinished, { recursive: true, mode: 0o700 });
      const temporary = path.join(unfinished, newFileKey());
      try {
        // flush: the bytes are on the disk before the file is renamed into place.
        await pipeline(content, createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true }));
      } catch (err) {
        await rm(temporary, { force: true });
        throw err;
      }
      await rename(temporary, file);
    },

    async get(key) {
      try {
        return (await open(pathOf(key), 'r')).createReadStream();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissingError();
        throw err;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async removeUnfinished(olderThan) {
      let removed = 0;
      const names = await readdir(unfinished).catch(() => [] as string[]);
      for (const name of names) {
        const file = path.join(unfinished, name);
        const info = await stat(file).catch(() => null);
        if (info && info.mtime < olderThan) {
          await rm(file, { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}
