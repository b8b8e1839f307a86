import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite lets only one process use a data folder; two at once would corrupt
 * it. Every process that opens the folder takes this lock first. A lock left
 * by a process that has died is taken over.
 */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; command: string },
  ) {
    super(
      `The data folder ${dataDir} is in use by another Heard process (pid ${holder.pid}: ${holder.command}).\n` +
        `Only one process may use an embedded database at a time. Stop that process first (Ctrl+C in its terminal),\n` +
        `then run this command again. To run the server and commands side by side, use a PostgreSQL server (set DATABASE_URL).`,
    );
  }
}

export interface DataFolderLock {
  release(): void;
}

export function lockDataFolder(dataDir: string, command: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'heard.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, command }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that opens and closes several folders (the tests do) keeps no listener per folder.
        process.removeListener('exit', release);
        try {
          const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (holder.pid === process.pid) rmSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataFolderInUseError(dataDir, holder);
      if (holder && holder.pid === process.pid) throw new DataFolderInUseError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its process has gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function readHolder(file: string): { pid: number; command: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; command?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, command: String(parsed.command ?? 'unknown') } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
