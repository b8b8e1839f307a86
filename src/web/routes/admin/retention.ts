import type { FastifyPluginAsync } from 'fastify';
import { formatLongDate, londonDate } from '../../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, OUTCOMES } from '../../../domain/cases/vocabulary.ts';
import { DEFAULT_RETENTION_YEARS } from '../../../domain/retention/schedule.ts';
import { toCsv } from '../../../reports/csv.ts';
import type { Services } from '../../../services/index.ts';
import { errorView } from '../../form-errors.ts';
import { parseForm, submitForm, type FormValues } from '../../forms.ts';
import { MIME, sendDownload } from '../../http/download.ts';
import type { FieldError } from '../../form-errors.ts';
import { disposalForm, removeRuleForm, retentionRuleForm } from './retention.schema.ts';
import { DomainError } from '../../../services/errors.ts';

/**
 * Administration → Retention and disposal: how long each type of case is
 * kept after closure (with the reason, audited), the closed cases falling
 * due in the next year (as a page and a CSV file; cases on legal hold shown as
 * held), and the disposal run, which anonymises the cases due today after the
 * administrator confirms, checking each again as it runs.
 */
const SHOWN = 200;

export const retentionRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  async function model(values: FormValues, errors: FieldError[] = []) {
    const [rules, preview] = await Promise.all([svc.retention.rules(), svc.retention.preview()]);
    return {
      title: 'Retention and disposal',
      values,
      errors: errors.length ? errorView(errors) : undefined,
      defaultYears: DEFAULT_RETENTION_YEARS,
      rules: rules.map((r) => ({
        id: r.id,
        type: FEEDBACK_TYPE_LABELS[r.caseType],
        outcome: r.outcome ? OUTCOME_LABELS[r.outcome] : 'Any outcome',
        years: r.years,
        reason: r.reason,
        changed: `${formatLongDate(londonDate(r.changedAt))}${r.changedBy ? ` by ${r.changedBy}` : ''}`,
      })),
      typeItems: FEEDBACK_TYPES.map((t) => ({
        value: t,
        text: FEEDBACK_TYPE_LABELS[t],
        selected: values.caseType === t,
      })),
      outcomeItems: [
        { value: '', text: 'Any outcome' },
        ...OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o], selected: values.outcome === o })),
      ],
      // Up to SHOWN of each list on the page; the CSV has them all.
      due: preview.filter((r) => r.due),
      held: preview.filter((r) => r.heldBy.length > 0),
      upcoming: preview.filter((r) => !r.due && r.heldBy.length === 0),
      shown: SHOWN,
      label: (r: { type: keyof typeof FEEDBACK_TYPE_LABELS }) => FEEDBACK_TYPE_LABELS[r.type],
    };
  }

  app.get<{ Querystring: { done?: string; disposed?: string } }>('/retention', async (request, reply) => {
    const q = request.query;
    const flash =
      q.done === 'rule'
        ? 'Saved. The preview below uses the new rule.'
        : q.done === 'removed'
          ? 'Rule removed. The preview below uses the rule for any outcome, or six years.'
          : q.disposed !== undefined
            ? `Disposal run finished: ${Number(q.disposed) || 0} cases anonymised.`
            : undefined;
    return reply.page('admin/retention.njk', { ...(await model({})), flash });
  });

  app.get('/retention/preview.csv', async (_request, reply) => {
    const preview = await svc.retention.preview();
    const rows = preview.map((r) => [
      r.reference,
      FEEDBACK_TYPE_LABELS[r.type],
      r.outcome ? OUTCOME_LABELS[r.outcome] : '',
      r.closedOn,
      r.years,
      r.disposeOn,
      r.heldBy.length ? 'held' : r.due ? 'due now' : 'due later',
      r.heldBy.join('; '),
    ]);
    return sendDownload(reply, {
      fileName: `disposal-preview-${londonDate(svc.clock.now())}.csv`,
      contentType: MIME.csv,
      body: toCsv([
        ['Reference', 'Type', 'Outcome', 'Closed on', 'Years kept', 'Anonymised on', 'Status', 'Legal hold'],
        ...rows,
      ]),
    });
  });

  app.post('/retention/rules', async (request, reply) => {
    const form = parseForm(retentionRuleForm, request.body);
    const errors = await submitForm(form, (v) => svc.retention.setRule(request.actor, v), 'years');
    if (errors.length === 0) return reply.redirect('/admin/retention?done=rule', 303);
    return reply.page('admin/retention.njk', await model(form.values, errors), 400);
  });

  app.post('/retention/rules/remove', async (request, reply) => {
    const form = parseForm(removeRuleForm, request.body);
    const errors = await submitForm(
      form,
      async (v) => {
        const rule = (await svc.retention.rules()).find((r) => r.id === v.ruleId);
        if (!rule) throw new DomainError('RETENTION.NO_RULE', 'There is no such rule: reload the page', 'removeReason');
        await svc.retention.removeRule(request.actor, rule.id, { reason: v.removeReason });
      },
      'removeReason',
    );
    if (errors.length === 0) return reply.redirect('/admin/retention?done=removed', 303);
    const shown = errors.map((e) => (e.field === 'reason' ? { ...e, field: 'removeReason' } : e));
    return reply.page('admin/retention.njk', await model(form.values, shown), 400);
  });

  app.post('/retention/dispose', async (request, reply) => {
    const form = parseForm(disposalForm, request.body);
    if (!form.ok) return reply.page('admin/retention.njk', await model(form.values, form.errors), 400);
    const done = await svc.retention.dispose(request.actor);
    return reply.redirect(`/admin/retention?disposed=${done.cases.length}`, 303);
  });
};
