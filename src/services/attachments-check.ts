import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from './errors.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What may be attached, by what the bytes really are (not what the name or the browser claims). */
const ALLOWED: Record<string, { label: string; extensions: string[] }> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/jpeg': { label: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG image', extensions: ['png'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word document',
    extensions: ['docx'],
  },
  'text/plain': { label: 'text file', extensions: ['txt'] },
};
export const ALLOWED_TYPES_TEXT = 'PDF, Word (.docx), JPEG, PNG or plain text';
const ALLOWED_EXTENSIONS = new Set(Object.values(ALLOWED).flatMap((a) => a.extensions));

/**
 * How much of the start of a file is looked at to know its type: enough for
 * file-type to read a Word document's [Content_Types].xml, which comes first.
 * Only this much of a file is ever held in memory.
 */
const HEAD_BYTES = 64 * 1024;
// eslint-disable-next-line no-control-regex -- text files have no control characters but tab, line and page ends
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/;

/** The name shown for a file: no path or control characters, at most 200 characters. Never used to store it. */
export function displayName(fileName: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go from a file name
  return fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
}

function extensionOf(name: string): string {
  return name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
}

/** Refuses, before a byte is read, a file whose name says it cannot be one we take. */
export function assertAllowedName(fileName: string): void {
  const name = displayName(fileName);
  if (!ALLOWED_EXTENSIONS.has(extensionOf(name)))
    throw new DomainError('ATTACHMENT.TYPE', `${name} must be a ${ALLOWED_TYPES_TEXT}`, 'file');
}

/**
 * Passes a file's bytes through while checking them: its real type from its
 * first bytes (before any byte is passed on), its size as it goes, and, for
 * plain text, that every byte is UTF-8 text. It fails the stream at the first
 * problem, so the store keeps nothing. `truncated` says whether the sender's
 * stream was cut off at the size limit.
 */
export class FileCheck extends Transform {
  readonly fileName: string;
  contentType = '';
  bytes = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private decided = false;
  private text: TextDecoder | null = null;

  constructor(
    fileName: string,
    private readonly truncated: () => boolean = () => false,
  ) {
    super();
    this.fileName = displayName(fileName);
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_ATTACHMENT_BYTES) return done(this.tooBig());
    this.hash.update(chunk);
    if (this.decided) return done(this.checkText(chunk), chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) return done();
    this.decide().then(() => done(null, this.releaseHead()), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.truncated()) return done(this.tooBig());
    if (this.bytes === 0) return done(new DomainError('ATTACHMENT.EMPTY', `${this.fileName} is empty`, 'file'));
    const finish = () => {
      try {
        this.text?.decode(); // the last character must be complete
      } catch {
        return done(this.notAllowed());
      }
      done();
    };
    if (this.decided) return finish();
    this.decide().then(() => {
      this.push(this.releaseHead());
      finish();
    }, done);
  }

  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head);
    // Loaded with the first upload, not with the services (ADR 0013).
    const { fileTypeFromBuffer } = await import('file-type');
    // A file crafted to trip the type reader is simply not a type we take.
    const sniffed = await fileTypeFromBuffer(head).catch(() => {
      throw this.notAllowed();
    });
    if (sniffed) this.contentType = sniffed.mime;
    else {
      this.text = new TextDecoder('utf-8', { fatal: true });
      if (this.checkText(head)) throw this.notAllowed();
      this.contentType = 'text/plain';
    }
    const allowed = ALLOWED[this.contentType];
    if (!allowed) throw this.notAllowed();
    const ext = extensionOf(this.fileName);
    if (!allowed.extensions.includes(ext))
      throw new DomainError(
        'ATTACHMENT.MISMATCH',
        `${this.fileName} is a ${allowed.label}, but its name ends .${ext || '(nothing)'}: rename it and try again`,
        'file',
      );
    this.decided = true;
  }

  private releaseHead(): Buffer {
    const head = Buffer.concat(this.head);
    this.head = [];
    return head;
  }

  /** For plain text: an error if this chunk is not UTF-8 text without control characters. */
  private checkText(chunk: Buffer): Error | null {
    if (!this.text) return null;
    try {
      return CONTROL.test(this.text.decode(chunk, { stream: true })) ? this.notAllowed() : null;
    } catch {
      return this.notAllowed();
    }
  }

  private notAllowed(): DomainError {
    return new DomainError('ATTACHMENT.TYPE', `${this.fileName} must be a ${ALLOWED_TYPES_TEXT}`, 'file');
  }

  private tooBig(): DomainError {
    return new DomainError('ATTACHMENT.TOO_BIG', `${this.fileName} must be smaller than 10 MB`, 'file');
  }
}
