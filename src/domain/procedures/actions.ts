import { can } from '../access/roles.ts';
import { STAGE_LABELS, stageName, type StageKind } from '../cases/vocabulary.ts';
import { nextStages } from './flow.ts';
import { maybeProcedure, stageDefinition } from './registry.ts';
import { CASE_ACTIONS, type ActionActor, type AvailableAction, type CaseAction, type CaseState } from './types.ts';

/**
 * What may be done to a case now, by whom: one function, read by the case
 * page (which buttons to show) and by the guard every change goes through
 * (which changes to accept). A page can never offer what the server refuses.
 */
export interface Refusal {
  code: string;
  message: string;
}

/** The changes a closed case still takes: reopening it, and records about it that do not reopen it. */
const ON_CLOSED: ReadonlySet<CaseAction> = new Set([
  'reopen',
  'acknowledge',
  'record_learning',
  'link',
  'record_compliment',
  'quote_in_report',
  'attach_file',
  'issue_letter',
  // Classification and people's details are what the annual report counts: correcting them does not reopen a case.
  'update_details',
  'update_people',
]);

/**
 * A case awaiting triage: those who triage may record what arrived with it
 * (its acknowledgement, documents, letters, links, a clock event), correct its
 * type, or close it by withdrawal; deciding anything else is triage's job, so
 * casework waits for it.
 */
const ON_NEW: ReadonlySet<CaseAction> = new Set([
  'triage',
  'allocate',
  'acknowledge',
  'correct_type',
  // The procedure may be decided when the case is recorded, so it may be corrected before triage too.
  'set_procedure',
  'withdraw',
  'link',
  'merge',
  'attach_file',
  'issue_letter',
  'quote_in_report',
  // Its clocks already run (the acknowledgement, and Stage 1 once the procedure is decided): they may be paused or extended.
  'record_clock_event',
  // What arrived with it may be recorded or corrected before triage decides anything.
  'update_details',
  'update_people',
]);

/** What the rules need to know of a case, from its row (or record) and its stages, wherever they were read. */
export function caseState(
  c: Pick<CaseState, 'type' | 'status' | 'procedure'>,
  stages: readonly { kind: StageKind; respondedOn: string | null }[],
): CaseState {
  return {
    type: c.type,
    status: c.status,
    procedure: c.procedure,
    stages: stages.map((s) => ({ kind: s.kind, answered: !!s.respondedOn })),
  };
}

/** Null when the action is allowed; otherwise why not, with a stable code. */
export function refusal(state: CaseState, actor: ActionActor, action: CaseAction, stage?: StageKind): Refusal | null {
  if (!('system' in actor)) {
    const writes = can(actor.role, 'cases.write.all') || (can(actor.role, 'cases.write.allocated') && actor.allocated);
    if (!writes) return { code: 'FORBIDDEN', message: 'You can see this case but not change it' };
  }
  if (state.status === 'closed' && !ON_CLOSED.has(action))
    return { code: 'CASE.ALREADY_CLOSED', message: 'This case is closed. Reopen it before changing it.' };
  if (state.status === 'new') {
    // Before triage only those who triage change a case, even one allocated early to a manager.
    if (!('system' in actor) && !can(actor.role, 'cases.write.all'))
      return { code: 'FORBIDDEN', message: 'This case has not been triaged yet' };
    if (!ON_NEW.has(action)) return { code: 'CASE.NOT_TRIAGED', message: 'Triage this case first' };
  }
  const procedure = maybeProcedure(state.procedure);
  const reached = state.stages.map((s) => s.kind);
  switch (action) {
    case 'reopen':
      return state.status === 'closed' ? null : { code: 'CASE.NOT_CLOSED', message: 'This case is not closed' };
    case 'triage':
      // Deciding what a case is belongs to those who may change any case, not to an allocated manager.
      if (!('system' in actor) && !can(actor.role, 'cases.write.all'))
        return { code: 'FORBIDDEN', message: 'Only a complaints officer or administrator triages a case' };
      return state.status === 'new'
        ? null
        : { code: 'CASE.ALREADY_TRIAGED', message: 'This case has already been triaged' };
    case 'set_procedure':
      return state.type === 'complaint'
        ? null
        : { code: 'CASE.NOT_COMPLAINT', message: 'Only a complaint follows a procedure' };
    case 'record_compliment':
      return state.type === 'compliment'
        ? null
        : { code: 'CASE.NOT_COMPLIMENT', message: 'Only a compliment has these details' };
    case 'escalate': {
      if (!procedure) return { code: 'STAGE.NO_PROCEDURE', message: 'Decide the procedure before escalating' };
      // A complaint enters its first stage when triage accepts it; escalation moves it on from there.
      if (reached.length === 0)
        return { code: 'STAGE.NOT_NEXT', message: 'A complaint reaches its first stage at triage, not by escalation' };
      if (stage && nextStages(procedure, reached).includes(stage)) return null;
      return {
        code: 'STAGE.NOT_NEXT',
        message: stage
          ? `This complaint cannot go to ${stageName(stage)} from where it is`
          : 'This complaint has no further stage to go to',
      };
    }
    case 'update_stage':
    case 'manage_investigations': {
      // Without a stage (an investigation or remedy found by its id) the service finds the stage itself.
      if (!stage) return null;
      const s = reached.includes(stage) ? stage : null;
      if (!s)
        return { code: 'STAGE.NOT_FOUND', message: `This case has no ${stage ? STAGE_LABELS[stage] : 'such stage'}` };
      const def = procedure && stageDefinition(procedure, s);
      if (action === 'manage_investigations' && def && !def.investigations)
        return { code: 'STAGE.NO_INVESTIGATIONS', message: `${def.label} has no investigations` };
      return null;
    }
    default:
      return null;
  }
}

/** Every action open to this actor on this case now; stage actions once per stage they apply to. */
export function availableActions(state: CaseState, actor: ActionActor): AvailableAction[] {
  const out: AvailableAction[] = [];
  const procedure = maybeProcedure(state.procedure);
  const stageKinds = new Set<StageKind>([
    ...state.stages.map((s) => s.kind),
    ...(procedure ? procedure.stages.map((s) => s.kind) : []),
  ]);
  for (const action of CASE_ACTIONS) {
    if (action === 'escalate' || action === 'update_stage' || action === 'manage_investigations') {
      for (const stage of stageKinds) if (!refusal(state, actor, action, stage)) out.push({ action, stage });
    } else if (!refusal(state, actor, action)) out.push({ action });
  }
  return out;
}

export function isAvailable(actions: readonly AvailableAction[], action: CaseAction, stage?: StageKind): boolean {
  return actions.some((a) => a.action === action && (stage === undefined || a.stage === stage));
}
