import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Clock } from '../domain/clock.ts';
import type { Database, DbOrTx } from '../db/database.ts';
import { attachmentContents, attachments } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { assertCaseAccess } from './case-access.ts';
import { DomainError, NotFoundError } from './errors.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_UPLOAD = 5;

/** What may be attached, by what the bytes really are (not what the name or the browser claims). */
const ALLOWED: Record<string, { label: string; extensions: string[] }> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/jpeg': { label: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG image', extensions: ['png'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word document', extensions: ['docx'] },
  'text/plain': { label: 'text file', extensions: ['txt'] },
};
export const ALLOWED_TYPES_TEXT = 'PDF, Word (.docx), JPEG, PNG or plain text';

export interface IncomingFile {
  fileName: string;
  content: Buffer;
}

export interface CheckedFile extends IncomingFile {
  contentType: string;
  sha256: string;
}

/** Checks a file's size and real type. Plain text must be valid UTF-8 without control bytes. */
export async function checkFile(file: IncomingFile): Promise<CheckedFile> {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go from a file name
  const name = file.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
  if (file.content.length === 0) throw new DomainError('ATTACHMENT.EMPTY', `${name} is empty`, 'file');
  if (file.content.length > MAX_ATTACHMENT_BYTES) throw new DomainError('ATTACHMENT.TOO_BIG', `${name} must be smaller than 10 MB`, 'file');
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const sniffed = await fileTypeFromBuffer(file.content);
  let contentType: string | null = sniffed?.mime ?? null;
  if (!sniffed && isPlainText(file.content)) contentType = 'text/plain';
  const allowed = contentType ? ALLOWED[contentType] : undefined;
  if (!allowed) throw new DomainError('ATTACHMENT.TYPE', `${name} must be a ${ALLOWED_TYPES_TEXT}`, 'file');
  if (!allowed.extensions.includes(ext)) throw new DomainError('ATTACHMENT.MISMATCH', `${name} is a ${allowed.label}, but its name ends .${ext || '(nothing)'}: rename it and try again`, 'file');
  return { fileName: name, content: file.content, contentType: contentType!, sha256: createHash('sha256').update(file.content).digest('hex') };
}

function isPlainText(buf: Buffer): boolean {
  if (buf.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- text files have no control characters but tab and line ends
  return !/[\u0001-\u0008\u000e-\u001f]/.test(buf.toString('utf8'));
}

export function attachmentsService(db: Database, clock: Clock) {
  /** Stores checked files on a case, inside the caller's transaction. */
  async function storeInTx(tx: DbOrTx, actor: Actor, caseId: string, files: CheckedFile[]): Promise<void> {
      for (const f of files) {
        const [row] = await tx
          .insert(attachments)
          .values({ caseId, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.content.length, sha256: f.sha256, storageKey: randomBytes(16).toString('hex'), uploadedBy: actor.userId, uploadedAt: clock.now() })
          .returning({ id: attachments.id });
        await tx.insert(attachmentContents).values({ attachmentId: row!.id, content: f.content });
        await recordAudit(tx, clock, actor, { action: 'attachment.add', entity: 'attachment', entityId: row!.id, caseId, after: { fileName: f.fileName, contentType: f.contentType, sizeBytes: f.content.length, sha256: f.sha256 } });
      }
  }

  return {
    storeInTx,

    async add(actor: Actor, caseId: string, files: IncomingFile[]): Promise<void> {
      if (files.length === 0) throw new DomainError('ATTACHMENT.NONE', 'Choose a file to attach', 'file');
      if (files.length > MAX_ATTACHMENTS_PER_UPLOAD) throw new DomainError('ATTACHMENT.TOO_MANY', `Attach up to ${MAX_ATTACHMENTS_PER_UPLOAD} files at a time`, 'file');
      const checked: CheckedFile[] = [];
      for (const f of files) checked.push(await checkFile(f));
      await db.transaction(async (tx) => {
        await assertCaseAccess(tx, actor, caseId, 'write');
        await storeInTx(tx, actor, caseId, checked);
      });
    },

    /** The file, for someone allowed to read the case; every download is in the audit trail. */
    async download(actor: Actor, caseId: string, attachmentId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
      await assertCaseAccess(db, actor, caseId, 'read');
      const [row] = await db
        .select({ fileName: attachments.fileName, contentType: attachments.contentType, content: attachmentContents.content })
        .from(attachments)
        .innerJoin(attachmentContents, eq(attachmentContents.attachmentId, attachments.id))
        .where(and(eq(attachments.id, attachmentId), eq(attachments.caseId, caseId)));
      if (!row) throw new NotFoundError('That file');
      await recordAudit(db, clock, actor, { action: 'attachment.download', entity: 'attachment', entityId: attachmentId, caseId, after: { fileName: row.fileName } });
      return row;
    },
  };
}
export type AttachmentsService = ReturnType<typeof attachmentsService>;
