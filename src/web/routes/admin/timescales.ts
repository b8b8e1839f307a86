import {
  isProcedureKey,
  procedureKeys,
  procedureLabel,
  timescalePreset,
  timescalePresets,
} from '../../../domain/procedures/registry.ts';
import type { FastifyPluginAsync } from 'fastify';
import { isOneOf } from '../../../domain/cases/vocabulary.ts';
import { CLOCK_LABELS, CLOCK_NAMES, type ClockName } from '../../../domain/timescales/clock-names.ts';
import { unitWord } from '../../../domain/timescales/clock-engine.ts';
import { presetAsPolicy } from '../../../domain/timescales/presets.ts';
import {
  START_EVENT_CHOICES,
  START_EVENT_LABELS,
  START_EVENTS,
  type ClockRule,
  type TimescalePolicy,
} from '../../../domain/timescales/rules.ts';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, isoToParts } from '../../form-errors.ts';
import { formValues, parseForm, submitForm } from '../../forms.ts';
import { effectiveFromForm, newRulesQuery, timescaleVersionForm } from './timescales.schema.ts';
import type { IdRoute, SavedRoute } from '../../http/route-types.ts';

/** Rows for the rules table: each clock with its numbers in words. */
function ruleRows(policy: TimescalePolicy) {
  return CLOCK_NAMES.filter((c) => policy.rules[c]).map((c) => {
    const r = policy.rules[c]!;
    return { clock: c, label: CLOCK_LABELS[c], rule: r, unit: unitWord(r), startsOn: START_EVENT_LABELS[r.startsOn] };
  });
}

export const timescaleRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  app.get<SavedRoute>('/timescales', async (request, reply) => {
    const policies = await svc.timescales.all();
    const today = londonDate(svc.clock.now());
    const byProcedure = procedureKeys().map((procedure) => {
      const versions = policies.filter((p) => p.procedure === procedure);
      const inForce =
        [...versions]
          .filter((p) => p.effectiveFrom <= today)
          .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0] ?? null;
      return { procedure, label: procedureLabel(procedure), versions, inForceId: inForce?.id ?? null };
    });
    const flash = request.query.done ? 'New rules saved' : undefined;
    return reply.page('admin/timescales.njk', {
      title: 'Timescales',
      byProcedure,
      presets: timescalePresets(),
      today,
      flash,
    });
  });

  app.get<IdRoute>('/timescales/:id', async (request, reply) => {
    const { id } = request.params;
    const policy = await svc.timescales.get(id);
    return reply.page('admin/timescale.njk', {
      title: policy.name,
      policy,
      rows: ruleRows(policy),
      procedureLabel: procedureLabel(policy.procedure),
    });
  });

  function formModel(base: TimescalePolicy, extra: Record<string, unknown> = {}) {
    const clocks = ruleRows(base).map((row) => ({
      ...row,
      choices: (START_EVENT_CHOICES[row.clock] ?? []).map((e) => ({
        value: e,
        text: START_EVENT_LABELS[e],
        selected: e === row.rule.startsOn,
      })),
    }));
    return {
      title: 'New timescale rules',
      base,
      clocks,
      procedureItems: procedureKeys().map((p) => ({
        value: p,
        text: procedureLabel(p),
        selected: p === base.procedure,
      })),
      values: {
        name: base.name,
        effectiveFrom: isoToParts(londonDate(svc.clock.now())),
        dueSoonDays: String(base.dueSoonDays),
      },
      ...extra,
    };
  }

  app.get('/timescales/new', async (request, reply) => {
    const query = newRulesQuery.parse(request.query);
    let base: TimescalePolicy;
    const preset = timescalePreset(query.preset);
    if (preset) base = presetAsPolicy(preset);
    else if (query.from) base = await svc.timescales.get(query.from);
    else return reply.redirect('/admin/timescales');
    return reply.page('admin/timescale-new.njk', {
      ...formModel(base),
      baseRef: query.preset ? { preset: query.preset } : { from: query.from },
    });
  });

  app.post('/timescales', async (request, reply) => {
    const b = timescaleVersionForm.parse(formValues(request.body));
    const dated = parseForm(effectiveFromForm, request.body);
    const chosen = timescalePreset(b.preset);
    const base = chosen ? presetAsPolicy(chosen) : await svc.timescales.get(b.from);
    const procedure = isProcedureKey(b.procedure) ? b.procedure : base.procedure;
    // Numbers come from the form; what a rule means (unit, kind, source) comes from the version it was based on.
    const rules: Partial<Record<ClockName, ClockRule>> = {};
    for (const [clock, rule] of Object.entries(base.rules) as [ClockName, ClockRule][]) {
      const days = Number(b.clocks[clock]?.days);
      const cap = b.clocks[clock]?.extendableTo;
      const startsOn = b.clocks[clock]?.startsOn;
      rules[clock] = {
        ...rule,
        days,
        extendableTo: rule.extendableTo === null && !cap ? null : cap === '' || cap === undefined ? null : Number(cap),
        startsOn: startsOn && isOneOf(START_EVENTS, startsOn) ? startsOn : rule.startsOn,
        source:
          days !== rule.days || (cap && Number(cap) !== rule.extendableTo)
            ? `Council policy (changed from: ${rule.source})`
            : rule.source,
      };
    }
    const errors = await submitForm(
      dated,
      ({ effectiveFrom }) =>
        svc.timescales.createVersion(request.actor, {
          procedure,
          name: b.name,
          effectiveFrom,
          dueSoonDays: b.dueSoonDays,
          rules,
          presetKey: b.preset,
          note: b.note,
        }),
      'name',
    );
    if (errors.length === 0) return reply.redirect('/admin/timescales?done=1');
    const typed = formValues(request.body);
    const model = formModel(
      { ...base, rules, procedure },
      { baseRef: typed.preset ? { preset: typed.preset } : { from: typed.from } },
    );
    return reply.page(
      'admin/timescale-new.njk',
      {
        ...model,
        values: { name: typed.name, effectiveFrom: typed.effectiveFrom, dueSoonDays: typed.dueSoonDays },
        errors: errorView(errors),
      },
      400,
    );
  });
};
