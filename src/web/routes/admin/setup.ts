import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { multipartParts } from '../../http/multipart.ts';
import type { SentFile } from './import.schema.ts';
import { setupForm } from './setup.schema.ts';

/** Administration > Set up from a file: check a set-up file, load it, or download the current set-up. */
export const setupRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const page = { title: 'Set up from a file' };

  app.get('/setup', async (_request, reply) => reply.page('admin/setup.njk', { ...page, values: { mode: 'check' } }));

  app.get('/setup/export', async (_request, reply) =>
    reply
      .header('Content-Type', 'application/yaml; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="heard-setup.yaml"')
      .header('Cache-Control', 'no-store')
      .send(await svc.setup.export()),
  );

  app.post('/setup', async (request, reply) => {
    const fields: Record<string, string> = {};
    let file: SentFile | undefined;
    let errors: FieldError[];
    try {
      for await (const part of multipartParts(request)) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.fieldname === 'file' && part.filename) file = { fileName: part.filename, content };
        } else fields[part.fieldname] = String(part.value ?? '');
      }
      const form = parseForm(setupForm, { ...fields, file });
      if (form.ok) {
        const { file, dryRun } = form.data;
        const result = dryRun
          ? { ...(await svc.setup.check(file.content)), loaded: false }
          : await svc.setup.load(request.actor, file.content);
        const problems = result.problems.map((p, i) => ({ ...p, id: `problem-${i + 1}` }));
        return reply.page(
          'admin/setup-result.njk',
          {
            title: dryRun ? 'Set-up check' : 'Set-up load',
            fileName: file.fileName,
            dryRun,
            result,
            problems,
            errors: problems.length
              ? {
                  summary: problems.map((p) => ({
                    text: `${p.line ? `Line ${p.line}, ` : ''}${p.where}: ${p.message}`,
                    href: `#${p.id}`,
                  })),
                  field: {},
                }
              : undefined,
          },
          problems.length ? 400 : 200,
        );
      }
      errors = form.errors;
    } catch (err) {
      const e = err as { code?: string };
      errors =
        e.code === 'FST_REQ_FILE_TOO_LARGE'
          ? [{ field: 'file', message: 'The set-up file must be smaller than 1 MB' }]
          : fieldErrorsFrom(err, 'file');
    }
    return reply.page('admin/setup.njk', { ...page, values: fields, errors: errorView(errors) }, 400);
  });
};
