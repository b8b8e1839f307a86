import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES } from '../../../domain/cases/vocabulary.ts';
import type { Services } from '../../../services/index.ts';
import type { PersonMatch } from '../../../services/people.ts';
import { errorView, fieldErrorsFrom, isoToParts, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { newCaseForm } from './new.schema.ts';
import { requirePermission } from '../../middleware/auth.ts';

/**
 * A complaints officer records feedback that came by phone, letter, email or
 * in person. Before a new person is made, Heard shows anyone it already knows
 * who looks like the complainant, with their earlier cases.
 */
export const newCaseRoutes: FastifyPluginAsync<{ svc: Services }> = async (app, { svc }) => {
  const guard = { preHandler: requirePermission('cases.write.all') };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra: { errors?: FieldError[]; matches?: PersonMatch[] } = {},
    status = 200,
  ) {
    const [channels, relationships, groups, ethnicities, categories, themes, teams] = await Promise.all([
      svc.referenceData.list('channel'),
      svc.referenceData.list('complainant_relationship'),
      svc.referenceData.list('service_user_group'),
      svc.referenceData.list('ethnicity'),
      svc.referenceData.list('category'),
      svc.referenceData.list('theme'),
      svc.organisation.teams(),
    ]);
    const ticked = ([] as unknown[]).concat(values.themeIds ?? []);
    const opt = (items: { id: string; label: string }[], selected: unknown, blank: string) => [
      { value: '', text: blank },
      ...items.map((i) => ({ value: i.id, text: i.label, selected: selected === i.id })),
    ];
    return reply.page(
      'cases/new.njk',
      {
        title: 'Record feedback',
        values,
        matches: extra.matches ?? [],
        typeItems: FEEDBACK_TYPES.map((t) => ({ value: t, text: FEEDBACK_TYPE_LABELS[t], checked: values.type === t })),
        channelItems: opt(channels, values.channelId, 'Choose how it came in'),
        relationshipItems: opt(relationships, values.relationshipId, 'Not known'),
        groupItems: opt(groups, values.serviceUserGroupId, 'Not known'),
        ethnicityItems: opt(ethnicities, values.childEthnicityId, 'Not recorded'),
        categoryItems: opt(categories, values.mainCategoryId, 'Not decided yet'),
        themeItems: themes.map((t) => ({ value: t.id, text: t.label, checked: ticked.includes(t.id) })),
        teamItems: [
          { value: '', text: 'Not known yet' },
          ...teams.map((t) => ({ value: t.id, text: t.name, selected: values.teamId === t.id })),
        ],
        errors: errorView(extra.errors ?? []),
      },
      status,
    );
  }

  app.get('/cases/new', guard, async (request, reply) =>
    render(request, reply, { receivedOn: isoToParts(londonDate(svc.clock.now())) }),
  );

  app.post('/cases/new', { ...guard, config: { multiValued: ['themeIds'] } }, async (request, reply) => {
    const form = parseForm(newCaseForm, request.body);
    const values = form.values;
    if (!form.ok) return render(request, reply, values, { errors: form.errors }, 400);
    const body = form.data;

    const complainantDetails = {
      givenName: body.givenName,
      familyName: body.familyName,
      email: body.email,
      phone: body.phone,
      postcode: body.postcode,
      addressLine1: body.addressLine1,
    };
    // First time through: show anyone we already know who matches, and let the officer decide.
    if (!body.personDecision) {
      const matches = await svc.people.findMatches(complainantDetails);
      if (matches.length) return render(request, reply, values, { matches });
    }
    const existingPersonId = body.personDecision && body.personDecision !== 'new' ? body.personDecision : undefined;
    try {
      const made = await svc.cases.create(request.actor, {
        type: body.type,
        receivedOn: body.receivedOn,
        channelId: body.channelId,
        subject: body.subject ?? '',
        description: body.description ?? '',
        eventsOn: body.eventsOn ?? undefined,
        outcomeWanted: body.outcomeWanted || undefined,
        teamId: body.teamId || undefined,
        mainCategoryId: body.mainCategoryId || undefined,
        themeIds: body.themeIds,
        source: 'recorded by staff',
        complainant: {
          existingPersonId,
          givenName: body.givenName ?? '',
          familyName: body.familyName ?? '',
          email: body.email || undefined,
          phone: body.phone || undefined,
          addressLine1: body.addressLine1 || undefined,
          town: body.town || undefined,
          postcode: body.postcode || undefined,
          relationshipId: body.relationshipId || undefined,
        },
        // Any detail of the child records the child, named or not: the report counts their group and ethnicity.
        child: hasChildDetails(body)
          ? {
              givenName: body.childGivenName ?? '',
              familyName: body.childFamilyName ?? '',
              dateOfBirth: body.childDob ?? undefined,
              ethnicityId: body.childEthnicityId || undefined,
              serviceUserGroupId: body.serviceUserGroupId || undefined,
              lookedAfter: body.lookedAfter === 'yes',
            }
          : undefined,
      });
      return reply.redirect(`/cases/${made.reference}?recorded=1`);
    } catch (err) {
      return render(
        request,
        reply,
        values,
        { errors: fieldErrorsFrom(err, 'subject').map((e) => ({ ...e, field: formField(e.field) })) },
        400,
      );
    }
  });
};

function hasChildDetails(body: {
  childGivenName?: string;
  childFamilyName?: string;
  childDob: string | null;
  childEthnicityId?: string;
  serviceUserGroupId?: string;
  lookedAfter?: string;
}): boolean {
  return !!(
    body.childGivenName?.trim() ||
    body.childFamilyName?.trim() ||
    body.childDob ||
    body.childEthnicityId ||
    body.serviceUserGroupId ||
    body.lookedAfter === 'yes'
  );
}

/** The form field a service error is about: "complainant.phone" is "phone", "child.givenName" is "childGivenName". */
function formField(serviceField: string): string {
  const child = /^child\.(\w)(\w*)$/.exec(serviceField);
  if (child) {
    if (serviceField === 'child.dateOfBirth') return 'childDob';
    if (serviceField === 'child.serviceUserGroupId') return 'serviceUserGroupId';
    return `child${child[1]!.toUpperCase()}${child[2]}`;
  }
  return serviceField.replace(/^complainant\./, '');
}
