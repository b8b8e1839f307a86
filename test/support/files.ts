import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localFolderStore, type LocalFolderStore } from '../../src/storage/local-folder.ts';

const made: string[] = [];
let registered = false;

/** A fresh temporary folder for a test's files, removed when the test process ends. */
export function tempFolder(prefix = 'heard-files-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  if (!registered) {
    registered = true;
    process.once('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** A file store in a fresh temporary folder. */
export function testFileStore(): LocalFolderStore {
  return localFolderStore(tempFolder());
}

/** The files a store holds (not counting half-written ones), to check what is on the disk. */
export function storedFiles(store: LocalFolderStore): string[] {
  return readdirSync(store.dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'unfinished')
    .flatMap((d) => readdirSync(path.join(store.dir, d.name)));
}
