import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { FastifyInstance } from 'fastify';

const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service</title><link rel="stylesheet" href="/public/application.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content"><h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>
<p class="govuk-body">Try again later. <a class="govuk-link" href="/">Go to the start</a>.</p></main></div></body></html>`;

/**
 * The last check before a response's headers go out. Node throws on a header
 * value with a control or non-Latin-1 character, and when that happens in a
 * callback (a session being saved) nothing catches it and the process ends.
 * Values are encoded where they are built; this hook makes sure a slip there
 * costs one request an error page, never the server.
 */
export function registerHeaderGuard(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined) continue;
      try {
        validateHeaderName(name);
        for (const v of Array.isArray(value) ? value : [value]) validateHeaderValue(name, String(v));
      } catch (err) {
        request.log.error({ err, header: name, url: request.url }, 'refused to send a header that Node cannot send');
        for (const header of ['location', 'content-disposition', name]) reply.removeHeader(header);
        reply.code(500).header('content-type', 'text/html; charset=utf-8');
        return PAGE;
      }
    }
    return payload;
  });
}
