import { recordRead } from '../../http/record-read.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PARTY_ROLES, type PartyRole } from '../../../domain/cases/vocabulary.ts';
import { errorView, isoToParts, type FieldError } from '../../form-errors.ts';
import { label } from '../../format.ts';
import { parseForm } from '../../forms.ts';
import {
  selectItems,
  type CaseParams,
  type CaseRoute,
  type CaseworkSupport,
  type LoadedCase,
} from './casework-support.ts';
import { detailsForm, personForm } from './details.schema.ts';
import { doneHref } from './done-messages.ts';

interface PersonRoute {
  Params: CaseParams & { id: string };
}
interface NewPersonRoute {
  Params: CaseParams;
  Querystring: { role?: string };
}

/**
 * The case's details and its people, changed from the case page's "Change"
 * links: subject, main category, themes; names, contact details, the
 * complainant's relationship and the child's ethnicity, group and care status.
 */
export function detailsRoutes(app: FastifyInstance, cw: CaseworkSupport): void {
  const { svc } = cw;
  const caseHref = (c: LoadedCase) => `/cases/${c.reference}`;
  const items = async (kind: Parameters<typeof svc.referenceData.list>[0], held: (string | null | undefined)[]) =>
    // Retired items stay offered to the cases that already have them, so saving does not lose them.
    (await svc.referenceData.list(kind, { includeRetired: true }))
      .filter((i) => i.active || held.includes(i.id))
      .map((i) => ({ value: i.id, text: i.active ? i.label : `${i.label} (no longer in use)` }));

  async function renderDetails(
    reply: FastifyReply,
    c: LoadedCase,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const held = values.themeIds as string[];
    const [categories, themes] = await Promise.all([
      items('category', [values.mainCategoryId as string]),
      items('theme', held),
    ]);
    return reply.page(
      'cases/forms/details.njk',
      {
        title: `Change the details of ${c.reference}`,
        record: c.record,
        values,
        categoryItems: selectItems(categories, values.mainCategoryId, 'Not recorded'),
        themeItems: themes.map((t) => ({ ...t, checked: held.includes(t.value) })),
        errors: errorView(errors),
      },
      status,
    );
  }

  async function showDetails(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['update_details']);
    if (refused) return refused;
    await recordRead(svc, request, { action: 'case.edit_opened', caseId: c.id, detail: { page: 'details' } });
    const k = c.record.case;
    return renderDetails(reply, c, {
      subject: k.subject,
      mainCategoryId: k.mainCategoryId,
      themeIds: c.record.case.themeIds,
      outcomeWanted: k.outcomeWanted,
    });
  }

  async function updateDetails(request: FastifyRequest<CaseRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(detailsForm, request.body);
    const values = { ...form.values, themeIds: form.data?.themeIds ?? [] };
    return cw.attempt(
      reply,
      doneHref(caseHref(c), 'details'),
      form,
      (d) => svc.casework.updateDetails(request.actor, c.id, d),
      (e) => renderDetails(reply, c, values, e, 400),
    );
  }

  async function renderPerson(
    reply: FastifyReply,
    c: LoadedCase,
    role: PartyRole,
    partyId: string | null,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [ethnicities, relationships, groups] = await Promise.all([
      items('ethnicity', [values.ethnicityId as string]),
      items('complainant_relationship', [values.relationshipId as string]),
      items('service_user_group', [values.serviceUserGroupId as string]),
    ]);
    const roleName = label(role, 'partyRole').toLowerCase();
    return reply.page(
      'cases/forms/person.njk',
      {
        title: partyId ? `Change the ${roleName}’s details` : `Add ${withArticle(roleName)}`,
        heading: partyId ? `The ${roleName}’s details` : `Add ${withArticle(roleName)}`,
        record: c.record,
        role,
        isNew: !partyId,
        values,
        ethnicityItems: selectItems(ethnicities, values.ethnicityId, 'Not recorded'),
        relationshipItems: selectItems(relationships, values.relationshipId, 'Not known'),
        groupItems: selectItems(groups, values.serviceUserGroupId, 'Not known'),
        errors: errorView(errors),
      },
      status,
    );
  }

  const yesNo = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'no' : '');

  async function showPerson(request: FastifyRequest<PersonRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const p = c?.record.parties.find((x) => x.id === request.params.id);
    if (!c || !p) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['update_people']);
    if (refused) return refused;
    await recordRead(svc, request, { action: 'case.edit_opened', caseId: c.id, detail: { page: 'a person' } });
    return renderPerson(reply, c, p.role, p.id, {
      givenName: p.givenName,
      familyName: p.familyName,
      email: p.email,
      phone: p.phone,
      addressLine1: p.addressLine1,
      town: p.town,
      postcode: p.postcode,
      dateOfBirth: isoToParts(p.dateOfBirth),
      ethnicityId: p.ethnicityId,
      relationshipId: p.relationshipId,
      serviceUserGroupId: p.serviceUserGroupId,
      lookedAfter: yesNo(p.lookedAfter),
    });
  }

  async function updatePerson(request: FastifyRequest<PersonRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    const p = c?.record.parties.find((x) => x.id === request.params.id);
    if (!c || !p) return reply.page('errors/not-found.njk', {}, 404);
    const form = parseForm(personForm, request.body);
    return cw.attempt(
      reply,
      doneHref(caseHref(c), 'person'),
      form,
      (d) => svc.casework.updatePerson(request.actor, c.id, p.id, d),
      (e) => renderPerson(reply, c, p.role, p.id, form.values, e, 400),
    );
  }

  const roleOf = (raw: string | undefined): PartyRole =>
    PARTY_ROLES.includes(raw as PartyRole) ? (raw as PartyRole) : 'child';

  async function showNewPerson(request: FastifyRequest<NewPersonRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const refused = cw.notNow(reply, c, request.actor, ['update_people']);
    if (refused) return refused;
    return renderPerson(reply, c, roleOf(request.query.role), null, { dateOfBirth: isoToParts(null) });
  }

  async function addPerson(request: FastifyRequest<NewPersonRoute>, reply: FastifyReply) {
    const c = await cw.load(request);
    if (!c) return reply.page('errors/not-found.njk', {}, 404);
    const role = roleOf(request.query.role);
    const form = parseForm(personForm, request.body);
    return cw.attempt(
      reply,
      doneHref(caseHref(c), 'person-added'),
      form,
      (d) => svc.casework.addPerson(request.actor, c.id, role, d),
      (e) => renderPerson(reply, c, role, null, form.values, e, 400),
    );
  }

  app.get<CaseRoute>('/cases/:reference/details', cw.write, showDetails);
  // Themes are checkboxes: the one field of these pages sent more than once.
  app.post<CaseRoute>(
    '/cases/:reference/details',
    { ...cw.write, config: { multiValued: ['themeIds'] } },
    updateDetails,
  );
  app.get<NewPersonRoute>('/cases/:reference/people/new', cw.write, showNewPerson);
  app.post<NewPersonRoute>('/cases/:reference/people/new', cw.write, addPerson);
  app.get<PersonRoute>('/cases/:reference/people/:id', cw.write, showPerson);
  app.post<PersonRoute>('/cases/:reference/people/:id', cw.write, updatePerson);
}

/** "a child", "an advocate": the article for a role's name in a heading. */
function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
