import type { FastifyReply, FastifyRequest } from 'fastify';
import { mayManageCases, ROLE_LABELS } from '../../../domain/access/roles.ts';
import type { StageKind } from '../../../domain/cases/vocabulary.ts';
import { availableActions, caseState, refusal } from '../../../domain/procedures/actions.ts';
import type { CaseAction } from '../../../domain/procedures/types.ts';
import type { Actor } from '../../../services/actor.ts';
import type { Services } from '../../../services/index.ts';
import { fieldErrorsFrom, type FieldError } from '../../form-errors.ts';
import type { ParsedForm } from '../../forms.ts';
import { requirePermission } from '../../middleware/auth.ts';

/** Every casework page's address starts with the case's reference. */
export interface CaseParams {
  reference: string;
}

/** A casework route's generic: its address's parameters. */
export interface CaseRoute {
  Params: CaseParams;
}

export interface Option {
  value: string;
  text: string;
}

/**
 * What the casework pages share: the permission they need, loading the case
 * from its reference, the choices of team and staff, and running a change
 * that comes back to the form with the errors when it is refused.
 */
export function caseworkSupport(svc: Services) {
  const write = { preHandler: requirePermission('cases.write.all', 'cases.write.allocated') };

  async function load(request: FastifyRequest<CaseRoute>) {
    const { reference } = request.params;
    const id = await svc.cases.idForReference(reference);
    if (!id) return null;
    const record = await svc.cases.record(request.actor, id);
    // The case's own reference from here on, however the address spelt it.
    return { id, reference: record.case.reference, record };
  }

  const options = () => allocationOptions(svc);

  /**
   * Runs a change with a form's data; when the form is refused (by its schema
   * or by the service), renders the page again with the errors.
   */
  async function attempt<T, R>(
    reply: FastifyReply,
    /** Where to go next: an address, or one made from what the change returned (a new record's page). */
    redirect: string | ((result: R) => string),
    form: ParsedForm<T>,
    run: (data: T) => Promise<R>,
    again: (errors: FieldError[]) => Promise<unknown>,
  ) {
    if (!form.ok) return again(form.errors);
    try {
      const result = await run(form.data);
      return reply.redirect(typeof redirect === 'string' ? redirect : redirect(result));
    } catch (err) {
      return again(fieldErrorsFrom(err, 'form'));
    }
  }

  /**
   * A casework page for an action the case's procedure does not offer now (a
   * closed case's investigations, a stage it has not reached) answers with
   * the reason instead of a form the service would refuse. Null when offered.
   */
  function notNow(reply: FastifyReply, c: LoadedCase, actor: Actor, wanted: readonly CaseAction[], stage?: StageKind) {
    const state = caseState(c.record.case, c.record.stages);
    // The route has let this person change cases, and load() has found this case theirs to see.
    const who = { role: actor.role!, allocated: true };
    const offered = availableActions(state, who);
    if (wanted.some((a) => offered.some((o) => o.action === a && (stage === undefined || o.stage === stage))))
      return null;
    const why = refusal(state, who, wanted[0]!, stage);
    return reply.page(
      'errors/not-now.njk',
      { reference: c.reference, message: why?.message ?? 'This is not something this case needs.' },
      409,
    );
  }

  return { svc, write, load, options, attempt, notNow };
}

/** The teams and the active staff a case may be allocated to, as select options ("Priya Shah (investigating manager)"). */
export async function allocationOptions(svc: Services): Promise<{ teams: Option[]; staff: Option[] }> {
  const [teams, staff] = await Promise.all([svc.organisation.teams(), svc.users.list()]);
  return {
    teams: teams.map((t) => ({ value: t.id, text: t.name })),
    staff: staff
      .filter((u) => u.active && mayManageCases(u.role))
      .map((u) => ({ value: u.id, text: `${u.displayName} (${ROLE_LABELS[u.role].toLowerCase()})` })),
  };
}

export type CaseworkSupport = ReturnType<typeof caseworkSupport>;
export type LoadedCase = NonNullable<Awaited<ReturnType<CaseworkSupport['load']>>>;

/** A GOV.UK select's items, with a blank first choice and the current value selected. */
export const selectItems = (items: Option[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...items.map((i) => ({ ...i, selected: i.value === selected })),
];

/** Pence as pounds for a form field ('' when none). */
export const poundsText = (p: number | null | undefined) => (p === null || p === undefined ? '' : (p / 100).toFixed(2));
