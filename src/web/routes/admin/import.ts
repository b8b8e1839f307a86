import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { multipartParts } from '../../http/multipart.ts';
import { importForm, type SentFile } from './import.schema.ts';

export const importRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/import', async (_request, reply) =>
    reply.page('admin/import.njk', { title: 'Import cases', values: { legacySystem: 'Legacy system', mode: 'check' } }),
  );

  app.post('/import', async (request, reply) => {
    // The parts as they come: text fields, the cases file, and any mapping files' text. Each file is read
    // whole here, within the 10 MB the multipart limit allows (fastify stops a larger one mid-stream, below).
    const fields: Record<string, string> = {};
    let file: SentFile | undefined;
    const mappings: string[] = [];
    let errors: FieldError[];
    try {
      for await (const part of multipartParts(request)) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (!part.filename) continue;
          if (part.fieldname === 'file') file = { fileName: part.filename, content };
          if (part.fieldname === 'mapping') mappings.push(content.toString('utf8'));
        } else fields[part.fieldname] = String(part.value ?? '');
      }
      const form = parseForm(importForm, { ...fields, mapping: mappings, file });
      if (form.ok) {
        const { file, legacySystem, mapping, dryRun } = form.data;
        const report = await svc.legacyImport.run(request.actor, {
          fileName: file.fileName,
          content: file.content,
          legacySystem,
          mapping,
          dryRun,
        });
        return reply.page(
          'admin/import-report.njk',
          { title: report.dryRun ? 'Import check' : 'Import', report, problems: report.problems.slice(0, 1000) },
          report.problems.length ? 400 : 200,
        );
      }
      errors = form.errors;
    } catch (err) {
      const e = err as { code?: string };
      errors =
        e.code === 'FST_REQ_FILE_TOO_LARGE'
          ? [{ field: 'file', message: 'The file must be smaller than 10 MB: split it into several files' }]
          : fieldErrorsFrom(err, 'file');
    }
    return reply.page('admin/import.njk', { title: 'Import cases', values: fields, errors: errorView(errors) }, 400);
  });
};
