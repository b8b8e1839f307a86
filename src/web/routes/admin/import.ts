import type { FastifyPluginAsync } from 'fastify';
import type { ImportMapping } from '../../../services/legacy-import.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { multipartParts } from '../../http/multipart.ts';

export const importRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get('/import', async (_request, reply) =>
    reply.page('admin/import.njk', { title: 'Import cases', values: { legacySystem: 'Legacy system', mode: 'check' } }),
  );

  app.post('/import', async (request, reply) => {
    const fields: Record<string, string> = {};
    let file: { fileName: string; content: Buffer } | null = null;
    let mapping: ImportMapping | undefined;
    let errors: FieldError[] = [];
    try {
      for await (const part of multipartParts(request)) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (!part.filename) continue;
          if (part.fieldname === 'file') file = { fileName: part.filename, content };
          if (part.fieldname === 'mapping') {
            try {
              mapping = JSON.parse(content.toString('utf8')) as ImportMapping;
            } catch {
              errors.push({
                field: 'mapping',
                message: 'The mapping file is not valid JSON: see the import format for an example',
              });
            }
          }
        } else fields[part.fieldname] = String(part.value ?? '');
      }
      if (!file) errors.push({ field: 'file', message: 'Choose a .csv or .xlsx file to import' });
      if (errors.length === 0) {
        const report = await svc.legacyImport.run(request.actor, {
          fileName: file!.fileName,
          content: file!.content,
          legacySystem: fields.legacySystem ?? '',
          mapping,
          dryRun: fields.mode !== 'import',
        });
        return reply.page(
          'admin/import-report.njk',
          { title: report.dryRun ? 'Import check' : 'Import', report, problems: report.problems.slice(0, 1000) },
          report.problems.length ? 400 : 200,
        );
      }
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
