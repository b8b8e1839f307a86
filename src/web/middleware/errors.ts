import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { isDatabaseUnavailable, isInvalidInputForDatabase, isUnknownReference } from '../../db/connection-errors.ts';
import { DomainError, ForbiddenError, NotFoundError, TooManyAtOnceError } from '../../services/errors.ts';

/**
 * The one place unexpected errors land: logged in full, shown as a friendly
 * page (with the stack only in development). Expected failures that reach
 * here become the right status: not found, forbidden, or a bad request.
 */
export function registerErrorHandling(app: FastifyInstance, config: Config): void {
  app.setNotFoundHandler((_request, reply) => reply.page('errors/not-found.njk', {}, 404));

  app.setErrorHandler((error, request, reply) => {
    // Tests run the app without a logger: DEBUG_ERRORS=1 prints what a page answered with an error page for.
    if (process.env.DEBUG_ERRORS) console.error(error);
    if (error instanceof NotFoundError) return reply.page('errors/not-found.njk', {}, 404);
    if (error instanceof ForbiddenError) return reply.page('errors/forbidden.njk', { message: error.message }, 403);
    const err = error as Error & { code?: string; statusCode?: number };
    if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') {
      return reply.page('errors/csrf.njk', {}, 403);
    }
    if (err.statusCode === 429) return reply.page('errors/too-many.njk', {}, 429);
    if (error instanceof TooManyAtOnceError)
      return reply
        .header('Retry-After', '30')
        .page('errors/too-many.njk', { title: 'Too many reports at once', message: err.message }, 429);
    if (error instanceof DomainError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return reply.page(
        'errors/bad-request.njk',
        { message: error instanceof DomainError ? err.message : publicMessage(err) },
        err.statusCode ?? 400,
      );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'the database was unavailable for this request');
      return reply.header('Retry-After', '5').page('errors/unavailable.njk', {}, 503);
    }
    if (isInvalidInputForDatabase(error)) {
      // A value in the address or form the database could not read as its type (an id, a date, a number):
      // the request is at fault, and the database's own words (which quote SQL) are not for the page.
      request.log.info({ err: error }, 'a request value the database could not read');
      return reply.page(
        'errors/bad-request.njk',
        { message: 'Something in the address or the form was not in the form Heard expects. Go back and check it.' },
        400,
      );
    }
    if (isUnknownReference(error)) {
      // Logged as a warning: a page offering a removed choice is worth knowing about.
      request.log.warn({ err: error }, 'a request named a row that is not there');
      return reply.page(
        'errors/bad-request.njk',
        {
          message:
            'Something you chose is not there any more, or never was. Go back, reload the page and choose again.',
        },
        400,
      );
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.page('errors/server-error.njk', { stack: config.debug ? err.stack : null }, 500);
  });
}

/** Fastify's own 4xx messages can quote the request (a body too large, a bad content type); say it plainly instead. */
function publicMessage(err: Error & { statusCode?: number; code?: string }): string {
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return 'What was sent is too large.';
  if (err.statusCode === 415) return 'What was sent is not in a form Heard accepts.';
  return 'Heard could not read that request. Go back and try again.';
}
