import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A file upload (multipart/form-data) carries its CSRF token as the form's
 * first field, before any file, so the token is checked before a byte of a
 * file is read. It never travels in the URL, where it would be logged.
 *
 * The CSRF check reads that first part; the route then reads the rest of the
 * same stream of parts, in order, with multipartParts().
 */
const rest = new WeakMap<FastifyRequest, AsyncIterableIterator<Multipart>>();

/** Reads only the first part of a multipart form: the token, into request.body where the CSRF check looks for it. */
export async function readMultipartToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // A reply sent before the whole form is read (a bad token, a form not yet answered, a refused file) leaves the
  // rest of the upload waiting in the parser, and the connection with it until it times out: once the reply
  // has gone, the rest is read and dropped, so the browser gets its answer and the connection its next request.
  reply.raw.once('finish', () => {
    if (request.raw.readableEnded) return;
    request.raw.unpipe();
    request.raw.resume();
  });
  const parts = request.parts();
  let first: IteratorResult<Multipart>;
  try {
    first = await parts.next();
  } catch (err) {
    // Not a readable upload at all (no boundary, a broken first part): the sender's fault, said as such.
    throw Object.assign(new Error('The upload could not be read'), { statusCode: 400, cause: err });
  }
  const part = first.done ? undefined : first.value;
  // Anything else first (a file, another field, nothing) gives no token, so the check refuses the form.
  request.body = { _csrf: part?.type === 'field' && part.fieldname === '_csrf' ? String(part.value) : '' };
  rest.set(request, parts);
}

/** The form's parts after the token. Each file must be read (or drained) before the next part arrives. */
export function multipartParts(request: FastifyRequest): AsyncIterableIterator<Multipart> {
  // A form posted without its file (a crafted request, not a browser's) has no parts: the route then says
  // a file is needed, as it would for an empty upload, rather than failing.
  if (!request.isMultipart()) return (async function* () {})();
  const parts = rest.get(request);
  if (!parts) throw new Error('This multipart form was not read by the CSRF check');
  rest.delete(request);
  return parts;
}

/** The first file in the form (its fields are not needed); the parts after it are left unread. */
export async function firstFile(request: FastifyRequest): Promise<Extract<Multipart, { type: 'file' }> | undefined> {
  for await (const part of multipartParts(request)) if (part.type === 'file') return part;
  return undefined;
}
