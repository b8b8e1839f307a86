import { create as contentDisposition } from 'content-disposition';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface Download {
  fileName: string;
  contentType: string;
  /** A stream (a stored attachment) is sent as it is read, never held whole. */
  body: Buffer | string | Readable;
  sizeBytes?: number;
}

/**
 * Sends a file to save, never to show inline. The file name comes from data (a
 * person's upload, a template key, a report's period), so it is encoded by the
 * content-disposition package (RFC 6266 with an ASCII fallback), never written
 * into the header by hand: a CR, LF or non-Latin-1 character in a header value
 * makes Node throw while sending.
 */
export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  if (file.sizeBytes !== undefined) reply.header('Content-Length', file.sizeBytes);
  return reply
    .header('Content-Type', file.contentType)
    .header('Content-Disposition', contentDisposition(safeFileName(file.fileName)))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'no-store')
    .send(file.body);
}

/** Control characters and path separators have no place in a saved file's name. */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((c) => (isUnsafeInFileName(c) ? '_' : c))
    .join('')
    .trim();
  return cleaned.length > 0 ? cleaned.slice(0, 200) : 'download';
}

function isUnsafeInFileName(c: string): boolean {
  const code = c.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || c === '/' || c === '\\';
}

export const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;
