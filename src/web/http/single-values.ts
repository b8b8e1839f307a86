import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Form or query fields that may be sent more than once (a group of checkboxes). */
    multiValued?: readonly string[];
  }
}

/**
 * Every question on Heard's forms has one answer, so a field sent twice (a
 * crafted request; no Heard page does it) is refused as a bad request before
 * any handler reads it, rather than reaching code that expects a string and
 * failing there with a 500. A route that does take several values names them.
 */
export function registerSingleValuedInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const allowed = request.routeOptions.config?.multiValued ?? [];
    for (const source of [request.query, request.body]) {
      if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) continue;
      for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
        if (Array.isArray(value) && !allowed.includes(name)) {
          return reply.page(
            'errors/bad-request.njk',
            { message: 'The same question was answered more than once. Go back and send the form again.' },
            400,
          );
        }
      }
    }
  });
}
