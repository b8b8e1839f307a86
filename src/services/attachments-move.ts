import { Readable } from 'node:stream';
import { eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { attachmentContents, attachments, pendingUploads } from '../db/schema/index.ts';
import { newFileKey, type FileStore } from '../storage/file-store.ts';

/**
 * Before the file store (ADR 0010), attachment bytes were kept in the
 * database: attachment_contents, and pending_uploads.content for files staged
 * on the public form. At start, Heard moves each to the store, one file per
 * transaction: the bytes are written under a new key first, then the row
 * points at that key and the bytes leave the table, in one commit. A crash
 * between the two leaves the row as it was (moved again next time) and at
 * worst an unused file in the store, never a row without its bytes. Rows are
 * claimed with SKIP LOCKED, so servers starting together share the work.
 */
export async function moveFileBytesToStore(
  db: Database,
  store: FileStore,
): Promise<{ attachments: number; stagedUploads: number }> {
  let movedAttachments = 0;
  while (
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(attachmentContents).limit(1).for('update', { skipLocked: true });
      if (!row) return false;
      const key = newFileKey();
      await store.put(key, Readable.from([row.content]));
      await tx.update(attachments).set({ storageKey: key }).where(eq(attachments.id, row.attachmentId));
      await tx.delete(attachmentContents).where(eq(attachmentContents.attachmentId, row.attachmentId));
      return true;
    })
  )
    movedAttachments += 1;

  let movedStaged = 0;
  while (
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: pendingUploads.id, content: pendingUploads.content })
        .from(pendingUploads)
        .where(isNotNull(pendingUploads.content))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row?.content) return false;
      const key = newFileKey();
      await store.put(key, Readable.from([row.content]));
      await tx
        .update(pendingUploads)
        .set({ storageKey: key, sizeBytes: row.content.length, status: 'ready', content: null })
        .where(eq(pendingUploads.id, row.id));
      return true;
    })
  )
    movedStaged += 1;

  return { attachments: movedAttachments, stagedUploads: movedStaged };
}
