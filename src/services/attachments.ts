import type { Readable } from 'node:stream';
import { finished } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { attachments } from '../db/schema/index.ts';
import { newFileKey, type FileStore } from '../storage/file-store.ts';
import type { Actor } from './actor.ts';
import { FileCheck } from './attachments-check.ts';
import { recordAccess } from './access-log.ts';
import { recordAudit } from './audit-trail.ts';
import { assertCaseAccess } from './case-access.ts';
import { caseChanger } from './case-change.ts';
import { DomainError, NotFoundError } from './errors.ts';

export { ALLOWED_TYPES_TEXT, MAX_ATTACHMENT_BYTES } from './attachments-check.ts';
export const MAX_ATTACHMENTS_PER_UPLOAD = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A file as it arrives: its name as the sender gave it (shown, never used to store it) and its bytes as a stream. */
export interface IncomingFile {
  fileName: string;
  stream: Readable;
  /** True when the sender's stream was cut off at the size limit. */
  truncated?: () => boolean;
}

/** A checked file, kept in the store under a key Heard made. */
export interface StoredFile {
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams a file into the store, checking it on the way (type from its first
 * bytes, size, text). Only the first 64 KB are ever held in memory. On any
 * problem the store keeps nothing and the rest of the file is read and
 * dropped, so the form's other parts and the reply still come.
 */
export async function receiveFile(store: FileStore, file: IncomingFile, key = newFileKey()): Promise<StoredFile> {
  const check = new FileCheck(file.fileName, file.truncated);
  // A sender who goes away mid-file ends the stream early: that must fail the check, not leave it waiting.
  const stopWatching = finished(file.stream, (err) => {
    if (err) check.destroy(err);
  });
  file.stream.pipe(check);
  try {
    await store.put(key, check);
  } catch (err) {
    file.stream.unpipe(check);
    file.stream.resume();
    await store.delete(key).catch(() => undefined);
    throw err;
  } finally {
    stopWatching();
  }
  return {
    key,
    fileName: check.fileName,
    contentType: check.contentType,
    sizeBytes: check.bytes,
    sha256: check.sha256,
  };
}

export function attachmentsService(db: Database, clock: Clock, store: FileStore) {
  const changeCase = caseChanger(db, clock);
  /** Records files already in the store on a case, inside the caller's transaction. */
  async function recordInTx(tx: DbOrTx, actor: Actor, caseId: string, files: StoredFile[]): Promise<void> {
    for (const f of files) {
      const [row] = await tx
        .insert(attachments)
        .values({
          caseId,
          fileName: f.fileName,
          contentType: f.contentType,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          storageKey: f.key,
          uploadedBy: actor.userId,
          uploadedAt: clock.now(),
        })
        .returning({ id: attachments.id });
      await recordAudit(tx, clock, actor, {
        action: 'attachment.add',
        entity: 'attachment',
        entityId: row!.id,
        caseId,
        after: { fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256 },
      });
    }
  }

  return {
    recordInTx,

    /**
     * Files a member of staff adds to a case, one after another as they
     * arrive. Access is checked before a byte is read; if any file is refused,
     * none is kept.
     */
    async add(actor: Actor, caseId: string, files: AsyncIterable<IncomingFile>): Promise<void> {
      await assertCaseAccess(db, actor, caseId, 'write');
      const stored: StoredFile[] = [];
      try {
        for await (const file of files) {
          if (stored.length >= MAX_ATTACHMENTS_PER_UPLOAD) {
            file.stream.resume();
            throw new DomainError(
              'ATTACHMENT.TOO_MANY',
              `Attach up to ${MAX_ATTACHMENTS_PER_UPLOAD} files at a time`,
              'file',
            );
          }
          stored.push(await receiveFile(store, file));
        }
        if (stored.length === 0) throw new DomainError('ATTACHMENT.NONE', 'Choose a file to attach', 'file');
        await changeCase(actor, caseId, 'attach_file', (tx) => recordInTx(tx, actor, caseId, stored));
      } catch (err) {
        await Promise.all(stored.map((f) => store.delete(f.key)));
        throw err;
      }
    },

    /** The file, for someone allowed to read the case, as a stream from the store; every download is in the access log. */
    async download(
      actor: Actor,
      caseId: string,
      attachmentId: string,
      where: { address: string | null } = { address: null },
    ): Promise<{ fileName: string; contentType: string; sizeBytes: number; content: Readable }> {
      await assertCaseAccess(db, actor, caseId, 'read');
      if (!UUID.test(attachmentId)) throw new NotFoundError('That file');
      const [row] = await db
        .select({
          fileName: attachments.fileName,
          contentType: attachments.contentType,
          sizeBytes: attachments.sizeBytes,
          key: attachments.storageKey,
        })
        .from(attachments)
        .where(and(eq(attachments.id, attachmentId), eq(attachments.caseId, caseId)));
      if (!row) throw new NotFoundError('That file');
      const content = await store.get(row.key);
      try {
        // A read, so in the access log (ADR 0017), not the case's history of changes.
        await recordAccess(db, clock, actor, {
          action: 'attachment.downloaded',
          address: where.address,
          entityId: attachmentId,
          caseId,
          detail: { fileName: row.fileName },
        });
      } catch (err) {
        content.destroy();
        throw err;
      }
      return { fileName: row.fileName, contentType: row.contentType, sizeBytes: row.sizeBytes, content };
    },
  };
}
export type AttachmentsService = ReturnType<typeof attachmentsService>;
