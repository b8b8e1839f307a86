import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { formatLongDate, londonDate } from '../../../domain/calendar/iso-date.ts';
import {
  CLOSING_BLOCKS,
  COMMENTARY_SECTIONS,
  commentaryKey,
  MAX_BLOCK_LENGTH,
  OPENING_BLOCKS,
  ALL_BLOCK_KEYS,
  type TextBlockKey,
} from '../../../reports/text-blocks.ts';
import { periodLabel } from '../../../reports/model.ts';
import { blockField } from '../../../services/report-texts.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, type FieldError } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { readPeriod } from './period.ts';
import { reportTextsForm } from './texts.schema.ts';

/**
 * The words of a period's annual report: the foreword, the statutory
 * context, each section's commentary, advocacy, what was learned (with the
 * learning chosen for "You said, we did") and next year's priorities, with a
 * draft / final state. Saved for the period; every output of that period's
 * report carries them.
 */
export const reportTextRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('reports.write') };

  async function pageModel(request: FastifyRequest, values: FormValues | null) {
    const p = readPeriod(request.query, svc.clock.now());
    const [texts, learning] = await Promise.all([
      svc.reportTexts.forPeriod(p.from, p.to),
      svc.reportTexts.learningIn(p.from, p.to),
    ]);
    const value = (key: TextBlockKey) => (values ? String(values[blockField(key)] ?? '') : (texts.blocks[key] ?? ''));
    const field = (b: { key: TextBlockKey; heading: string; hint: string }) => ({
      id: blockField(b.key),
      heading: b.heading,
      hint: b.hint,
      value: value(b.key),
    });
    const chosen = values
      ? new Set([values.learning ?? []].flat().map(String))
      : new Set(learning.filter((l) => l.inReport).map((l) => l.id));
    return {
      p,
      query: p.search,
      title: `The report’s text: ${periodLabel(p.from, p.to)}`,
      periodLabel: periodLabel(p.from, p.to),
      maxLength: MAX_BLOCK_LENGTH,
      status: values ? String(values.status ?? '') : (texts.status ?? 'draft'),
      lastEdit: texts.lastEdit ? { by: texts.lastEdit.by, on: formatLongDate(londonDate(texts.lastEdit.at)) } : null,
      opening: OPENING_BLOCKS.map(field),
      commentary: COMMENTARY_SECTIONS.map((s) =>
        field({
          key: commentaryKey(s.id),
          heading: s.heading,
          hint: `Your commentary after Heard’s sentences on ${s.heading.toLowerCase()}.`,
        }),
      ),
      closing: CLOSING_BLOCKS.map(field),
      learning: learning.map((l) => ({
        value: l.id,
        text: `${l.reference}: ${l.text}`,
        hint: {
          text: `${l.type}, recorded ${formatLongDate(l.recordedOn)}. ${
            l.actions.length
              ? `Actions: ${l.actions.map((a) => `${a.text} (${a.completedOn ? `completed ${formatLongDate(a.completedOn)}` : 'not yet completed'})`).join('; ')}.`
              : 'No actions recorded.'
          }`,
        },
        checked: chosen.has(l.id),
      })),
    };
  }

  app.get<{ Querystring: { done?: string } }>('/reports/text', guard, async (request, reply) =>
    reply.page('reports/texts.njk', {
      ...(await pageModel(request, null)),
      flash: request.query.done
        ? 'Saved. The report’s Word document, web page and HTML file carry this text.'
        : undefined,
    }),
  );

  app.post('/reports/text', { ...guard, config: { multiValued: ['learning'] } }, async (request, reply) => {
    const p = readPeriod(request.query, svc.clock.now());
    const form = parseForm(reportTextsForm, request.body);
    const errors: FieldError[] = await submitForm(
      form,
      (v) =>
        svc.reportTexts.save(request.actor, p.from, p.to, {
          blocks: Object.fromEntries(ALL_BLOCK_KEYS.map((k) => [k, String((v as FormValues)[blockField(k)] ?? '')])),
          status: v.status,
          chosenLearning: v.learning,
        }),
      'status',
    );
    if (!errors.length) return reply.redirect(`/reports/text?${p.search ? `${p.search}&` : ''}done=1`, 303);
    return reply.page(
      'reports/texts.njk',
      { ...(await pageModel(request, form.values)), errors: errorView(errors) },
      400,
    );
  });
};
