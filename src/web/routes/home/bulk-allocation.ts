import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CaseAllocation } from '../../../services/cases/listing.ts';
import type { Services } from '../../../services/index.ts';
import { errorView, fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import { parseForm } from '../../forms.ts';
import { requirePermission } from '../../middleware/auth.ts';
import { allocationOptions } from '../cases/casework-support.ts';
import { CASE_LIST_PATH } from './case-list-page.ts';
import { bulkAllocateForm, bulkSelection } from './home.schema.ts';

interface Choice {
  references: string[];
  investigatingManagerId: string;
  teamId: string;
}

/**
 * Allocating or reassigning several cases at once, from the ticked cases in
 * the list: choose the investigating manager (and a team, or keep each
 * case's), see every case with who has it now and who will, confirm. Each
 * case then goes through the same service as its own Allocate page, so each
 * is checked by the one guard and gets its own audit entry; a case refused is
 * named with the reason and the rest are done (see bulk-allocation service).
 */
export function bulkAllocationRoutes(app: FastifyInstance, svc: Services): void {
  // `case` comes once per ticked case: the one field here that may be sent more than once.
  const guard = {
    preHandler: requirePermission('cases.write.all', 'cases.write.allocated'),
    config: { multiValued: ['case', 'confirmedCase'] },
  };

  const options = () => allocationOptions(svc);

  /** The ticked cases this person may see, and the references that matched none of them. */
  async function selected(request: FastifyRequest, references: string[]) {
    const found = await svc.cases.allocationsOf(request.actor, references);
    const known = new Set(found.map((c) => c.reference));
    return { found, missing: references.filter((r) => !known.has(r)) };
  }

  async function renderChoose(
    request: FastifyRequest,
    reply: FastifyReply,
    choice: Choice,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const [o, { found, missing }] = await Promise.all([options(), selected(request, choice.references)]);
    if (found.length === 0 && errors.length === 0)
      errors = [{ field: 'form', message: 'Select the cases to allocate in the case list' }];
    return reply.page(
      'home/allocate.njk',
      {
        title: 'Allocate or reassign cases',
        cases: found,
        missing,
        managerItems: items(o.staff, choice.investigatingManagerId, 'Choose someone'),
        teamItems: items(o.teams, choice.teamId, 'Keep each case’s team'),
        errors: errorView(errors),
      },
      status,
    );
  }

  app.get(`${CASE_LIST_PATH}/allocate`, guard, async (request, reply) => {
    const q = bulkSelection.safeParse(request.query);
    const references = q.success ? q.data.case : [];
    return renderChoose(request, reply, { references, investigatingManagerId: '', teamId: '' });
  });

  app.post(`${CASE_LIST_PATH}/allocate`, guard, async (request, reply) => {
    const form = parseForm(bulkAllocateForm, request.body);
    const confirmed = form.ok && form.data.confirmed === 'yes';
    // Confirmed, the cases come with the versions the confirmation page showed.
    const references = !form.ok ? [] : confirmed ? form.data.confirmedCase.map((c) => c.reference) : form.data.case;
    const choice: Choice = form.ok
      ? { references, investigatingManagerId: form.data.investigatingManagerId, teamId: form.data.teamId }
      : { references: [], investigatingManagerId: '', teamId: '' };
    const o = await options();
    const errors: FieldError[] = [];
    if (!o.staff.some((s) => s.value === choice.investigatingManagerId))
      errors.push({ field: 'investigatingManagerId', message: 'Select who the cases go to' });
    if (choice.teamId && !o.teams.some((t) => t.value === choice.teamId))
      errors.push({ field: 'teamId', message: 'Select a team, or keep each case’s team' });
    if (choice.references.length === 0)
      errors.push({ field: 'form', message: 'Select the cases to allocate in the case list' });
    if (errors.length) return renderChoose(request, reply, choice, errors, 400);

    if (!confirmed) {
      // The confirmation page: every case, with who has it now and who will.
      const { found, missing } = await selected(request, choice.references);
      if (found.length === 0) return renderChoose(request, reply, choice, [], 400);
      const manager = o.staff.find((s) => s.value === choice.investigatingManagerId)!.text;
      const team = o.teams.find((t) => t.value === choice.teamId)?.text ?? null;
      return reply.page('home/allocate-confirm.njk', {
        title: `Allocate ${found.length === 1 ? '1 case' : `${found.length} cases`}`,
        cases: found.map((c: CaseAllocation) => ({ ...c, newTeam: team ?? c.teamName, newManager: manager })),
        missing,
        choice,
        changeHref: `${CASE_LIST_PATH}/allocate?${new URLSearchParams(found.map((c) => ['case', c.reference])).toString()}`,
      });
    }

    try {
      const result = await svc.bulkAllocation.allocate(request.actor, {
        references: choice.references,
        investigatingManagerId: choice.investigatingManagerId,
        teamId: choice.teamId || null,
        expectedVersions: Object.fromEntries(form.data!.confirmedCase.map((c) => [c.reference, c.version])),
      });
      return reply.page('home/allocate-done.njk', {
        title: result.allocated.length === 1 ? '1 case allocated' : `${result.allocated.length} cases allocated`,
        result,
      });
    } catch (err) {
      return renderChoose(request, reply, choice, fieldErrorsFrom(err, 'form'), 400);
    }
  });
}

const items = (list: { value: string; text: string }[], selected: string, blank: string) => [
  { value: '', text: blank },
  ...list.map((i) => ({ ...i, selected: i.value === selected })),
];
