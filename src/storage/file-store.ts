import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Where the bytes of attachments live: outside the database tables, so a
 * large file never passes through a query, a transaction or a backup of the
 * case data (ADR 0010). The database keeps each file's name, type, size,
 * hash and key; the store keeps the bytes under that key.
 *
 * Keys are made by newFileKey(), never from anything a person typed, and a
 * store refuses any other key: no file name or path from outside reaches it.
 */
export interface FileStore {
  /** Keeps the stream's bytes under the key, replacing any there; resolves once they are safely kept. A stream that fails keeps nothing. */
  put(key: string, content: Readable): Promise<void>;
  /** The bytes under the key, as a stream; rejects with FileMissingError when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes the bytes under the key; no error if there are none. */
  delete(key: string): Promise<void>;
}

export class FileMissingError extends Error {
  constructor() {
    super('The file is missing from the file store');
  }
}

const KEY = /^[0-9a-f]{32}$/;

/** A new random key: 128 bits, as 32 lowercase hex digits. */
export function newFileKey(): string {
  return randomBytes(16).toString('hex');
}

/** Every store checks every key: only keys newFileKey() could have made. */
export function assertFileKey(key: string): void {
  if (!KEY.test(key)) throw new Error('Not a file key made by Heard');
}

/** For services built without a store (commands that never touch files): any use is a programming error, said plainly. */
export const noFileStore: FileStore = {
  put: () => Promise.reject(new Error('No file store was given to these services')),
  get: () => Promise.reject(new Error('No file store was given to these services')),
  delete: () => Promise.reject(new Error('No file store was given to these services')),
};
