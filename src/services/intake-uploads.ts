import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { pendingUploads } from '../db/schema/index.ts';
import { newFileKey, type FileStore } from '../storage/file-store.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD, receiveFile, type IncomingFile } from './attachments.ts';
import { assertAllowedName } from './attachments-check.ts';
import { DomainError } from './errors.ts';

/** How many bytes of files may wait on unsent forms: from one address, and from everyone together. */
export interface StagedUploadQuota {
  perAddressBytes: number;
  totalBytes: number;
}

export const DEFAULT_STAGED_UPLOAD_QUOTA: StagedUploadQuota = {
  perAddressBytes: 50 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
};

/** Files on an unsent form are kept this long, then deleted with their bytes. */
export const STAGED_UPLOAD_LIFETIME_MS = 3600_000;

/** Any fixed number: the lock that makes "check the quota, then take a place" one step for every server. */
const QUOTA_LOCK = 727_275;

/**
 * Files chosen on the public form before it is sent. An anonymous visitor
 * can add at most 5 to a form, and every address and everyone together have
 * a quota of bytes waiting; a file takes its place in the quota before its
 * first byte is read, sized at most what its request can carry.
 */
export function stagedUploadsService(db: Database, clock: Clock, store: FileStore, quota: StagedUploadQuota) {
  /** Takes a place for one file, or says why not. One at a time across servers, so two uploads never both fit in the last space. */
  async function reserve(
    submissionId: string,
    address: string,
    atMostBytes: number,
  ): Promise<{ id: string; key: string }> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${QUOTA_LOCK})`);
      const [used] = await tx
        .select({
          onForm: sql<number>`count(*) filter (where ${pendingUploads.submissionId} = ${submissionId})`.mapWith(Number),
          byAddress:
            sql<number>`coalesce(sum(${pendingUploads.sizeBytes}) filter (where ${pendingUploads.clientAddress} = ${address}), 0)`.mapWith(
              Number,
            ),
          total: sql<number>`coalesce(sum(${pendingUploads.sizeBytes}), 0)`.mapWith(Number),
        })
        .from(pendingUploads);
      if (used!.onForm >= MAX_ATTACHMENTS_PER_UPLOAD)
        throw new DomainError('ATTACHMENT.TOO_MANY', `You can add up to ${MAX_ATTACHMENTS_PER_UPLOAD} files`, 'file');
      if (used!.byAddress + atMostBytes > quota.perAddressBytes) {
        throw new DomainError(
          'UPLOAD.ADDRESS_QUOTA',
          'We cannot take more files from you for now. You can continue without this file, and send it to us later by email or post, quoting your reference.',
          'file',
        );
      }
      if (used!.total + atMostBytes > quota.totalBytes) {
        throw new DomainError(
          'UPLOAD.BUSY',
          'We cannot take files at the moment. You can continue without this file, and send it to us later by email or post, quoting your reference.',
          'file',
        );
      }
      const key = newFileKey();
      const [row] = await tx
        .insert(pendingUploads)
        .values({
          submissionId,
          fileName: '',
          contentType: '',
          sha256: '',
          storageKey: key,
          status: 'receiving',
          sizeBytes: atMostBytes,
          clientAddress: address,
          createdAt: clock.now(),
        })
        .returning({ id: pendingUploads.id });
      return { id: row!.id, key };
    });
  }

  return {
    /**
     * A file chosen on the form: checked by its name, given its place in the
     * quotas, then streamed into the store and checked by its bytes. On any
     * refusal nothing is kept and the file's stream is drained.
     */
    async stage(
      submissionId: string,
      from: { address: string; atMostBytes?: number },
      file: IncomingFile,
    ): Promise<{ id: string; fileName: string }> {
      // An error from the sender while the quota is checked must not go unheard (it would stop the process): receiveFile finds it on the stream.
      file.stream.on('error', () => {});
      let place: { id: string; key: string };
      try {
        assertAllowedName(file.fileName);
        place = await reserve(
          submissionId,
          from.address,
          Math.min(MAX_ATTACHMENT_BYTES, from.atMostBytes ?? MAX_ATTACHMENT_BYTES),
        );
      } catch (err) {
        file.stream.resume();
        throw err;
      }
      try {
        const stored = await receiveFile(store, file, place.key);
        const [ready] = await db
          .update(pendingUploads)
          .set({
            status: 'ready',
            fileName: stored.fileName,
            contentType: stored.contentType,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
          })
          .where(eq(pendingUploads.id, place.id))
          .returning({ id: pendingUploads.id });
        // Tidied away while it arrived (an upload that took over an hour): say so rather than keep bytes no row points at.
        if (!ready) throw new DomainError('UPLOAD.EXPIRED', 'The file took too long to arrive. Try again.', 'file');
        return { id: place.id, fileName: stored.fileName };
      } catch (err) {
        await store.delete(place.key);
        await db.delete(pendingUploads).where(eq(pendingUploads.id, place.id));
        throw err;
      }
    },

    async list(submissionId: string) {
      return db
        .select({ id: pendingUploads.id, fileName: pendingUploads.fileName, contentType: pendingUploads.contentType })
        .from(pendingUploads)
        .where(and(eq(pendingUploads.submissionId, submissionId), eq(pendingUploads.status, 'ready')))
        .orderBy(asc(pendingUploads.createdAt));
    },

    async remove(submissionId: string, id: string): Promise<void> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return;
      const gone = await db
        .delete(pendingUploads)
        .where(and(eq(pendingUploads.submissionId, submissionId), eq(pendingUploads.id, id)))
        .returning({ key: pendingUploads.storageKey });
      for (const g of gone) if (g.key) await store.delete(g.key);
    },

    /**
     * Takes a sent form's files off the waiting list, inside the caller's
     * transaction: their bytes stay where they are, and the case's rows point
     * at the same keys. Rows are deleted first, so the purge can never delete
     * bytes a case has just taken.
     */
    async claimInTx(tx: DbOrTx, submissionId: string) {
      const rows = await tx
        .delete(pendingUploads)
        .where(
          and(
            eq(pendingUploads.submissionId, submissionId),
            eq(pendingUploads.status, 'ready'),
            isNotNull(pendingUploads.storageKey),
          ),
        )
        .returning();
      return rows.map((r) => ({
        key: r.storageKey!,
        fileName: r.fileName,
        contentType: r.contentType,
        sizeBytes: r.sizeBytes,
        sha256: r.sha256,
      }));
    },

    /** Files on forms never sent, an hour after they were added: the rows first, then their bytes. */
    async purgeStale(): Promise<number> {
      const gone = await db
        .delete(pendingUploads)
        .where(lt(pendingUploads.createdAt, new Date(clock.now().getTime() - STAGED_UPLOAD_LIFETIME_MS)))
        .returning({ key: pendingUploads.storageKey });
      for (const g of gone) if (g.key) await store.delete(g.key);
      return gone.length;
    },
  };
}
export type StagedUploadsService = ReturnType<typeof stagedUploadsService>;
