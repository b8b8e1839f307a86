import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { STAGE_KINDS, type StageKind } from '../../src/domain/cases/vocabulary.ts';
import { availableActions, caseState, isAvailable, refusal } from '../../src/domain/procedures/actions.ts';
import { maybeProcedure } from '../../src/domain/procedures/registry.ts';
import type { CaseAction, CaseState } from '../../src/domain/procedures/types.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { Actor } from '../../src/services/actor.ts';
import type { Services } from '../../src/services/index.ts';
import { testDatabase } from '../support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../support/factories.ts';

/**
 * Any sequence of actions, allowed or not, run against the real services:
 * an action the procedure does not offer now is refused with the reason
 * refusal() gives, one it offers is never refused for the case's state, and
 * the case stays valid (its stages a path the definition allows).
 */
const WALKED: CaseAction[] = [
  'triage',
  'allocate',
  'acknowledge',
  'escalate',
  'update_stage',
  'close',
  'withdraw',
  'reopen',
  'set_procedure',
];
const STATE_CODES = new Set([
  'CASE.NOT_TRIAGED',
  'CASE.ALREADY_CLOSED',
  'CASE.ALREADY_TRIAGED',
  'CASE.NOT_CLOSED',
  'CASE.NOT_COMPLAINT',
  'STAGE.NO_PROCEDURE',
  'STAGE.NOT_NEXT',
  'STAGE.NOT_FOUND',
]);
const TODAY = '2024-06-03';

describe('walking cases through their procedures with random actions', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let officer: Actor;
  let teamId: string;
  let managerId: string;

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    officer = (await makeUser(svc, 'complaints_officer')).actor;
    managerId = (await makeUser(svc, 'investigating_manager')).user.id;
    teamId = (await makeTeam(svc, officer, 'Walk Team')).id;
  });
  after(() => handle.close());

  async function stateOf(caseId: string): Promise<CaseState> {
    const r = await svc.cases.record(officer, caseId);
    return caseState(r.case, r.stages);
  }

  function perform(caseId: string, action: CaseAction, stage: StageKind, procedure: string): Promise<unknown> {
    switch (action) {
      case 'triage':
        return svc.triage.apply(officer, caseId, {
          type: 'complaint',
          procedure,
          procedureReason: 'Walked',
          decision: 'stage1',
          teamId,
          investigatingManagerId: managerId,
          acknowledgedOn: TODAY,
        });
      case 'allocate':
        return svc.cases.allocate(officer, caseId, { teamId, investigatingManagerId: managerId });
      case 'acknowledge':
        return svc.cases.acknowledge(officer, caseId, { on: TODAY, how: 'letter' });
      case 'escalate':
        return svc.casework.escalate(officer, caseId, { to: stage, requestedOn: TODAY, lateReason: 'Walked' });
      case 'update_stage':
        return svc.casework.updateStage(
          officer,
          caseId,
          stage,
          stage === 'lgsco' ? { lgscoEnquiryRespondedOn: TODAY, respondedOn: TODAY } : { respondedOn: TODAY },
        );
      case 'close':
        return svc.casework.close(officer, caseId, { closedOn: TODAY });
      case 'withdraw':
        return svc.casework.withdraw(officer, caseId, { on: TODAY, reason: 'Walked away' });
      case 'reopen':
        return svc.casework.reopen(officer, caseId, { reason: 'Walked back' });
      case 'set_procedure':
        return svc.cases.setProcedure(officer, caseId, { procedure, reason: 'Walked' });
      default:
        throw new Error(`not walked: ${action}`);
    }
  }

  /**
   * The rules written out again, independently of refusal(), from the
   * procedures' documents: what an officer may do to a case in each state.
   */
  function spec(state: CaseState, action: CaseAction, stage: StageKind | undefined): boolean {
    const procedure = maybeProcedure(state.procedure);
    const reached = state.stages.map((s) => s.kind);
    if (state.status === 'closed') return action === 'reopen' || action === 'acknowledge';
    // Awaiting triage: triage, and recording what arrived with it; no casework yet.
    if (state.status === 'new')
      return ['triage', 'allocate', 'acknowledge', 'withdraw', 'set_procedure'].includes(action);
    switch (action) {
      case 'reopen':
        return false;
      case 'triage':
        return false;
      case 'escalate': {
        if (!procedure || !stage || reached.includes(stage)) return false;
        if (reached.length === 0) return false;
        // From the furthest stage reached, to one it leads to.
        const furthest = [...procedure.stages].reverse().find((s) => reached.includes(s.kind));
        return !!furthest?.next.includes(stage);
      }
      case 'update_stage':
        return !!stage && reached.includes(stage);
      default:
        return true;
    }
  }

  /** Every stage after the first was reached from a stage before it, as the definition allows. */
  function assertValid(state: CaseState): void {
    const procedure = maybeProcedure(state.procedure);
    if (!procedure) return;
    const reached = state.stages.map((s) => s.kind);
    for (const kind of reached) {
      if (kind === procedure.stages[0]?.kind) continue;
      // A stage recorded under an earlier procedure may not be in this one; it came from that one's path.
      if (!procedure.stages.some((s) => s.kind === kind)) continue;
      assert.ok(
        procedure.stages.some((s) => reached.includes(s.kind) && s.next.includes(kind)),
        `${kind} was reached from no stage that leads to it (${reached.join(', ')})`,
      );
    }
    if (state.status === 'new') assert.deepEqual(reached, [], 'a case awaiting triage has no stages');
  }

  it('never accepts what availableActions does not offer, never refuses what it does for the state', async () => {
    const command = fc.record({
      action: fc.constantFrom(...WALKED),
      stage: fc.constantFrom(...STAGE_KINDS),
      procedure: fc.constantFrom('childrens_statutory', 'corporate', 'adult_social_care_statutory'),
    });
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const { id } = await makeCase(svc, officer, { receivedOn: '2024-04-02' });
        for (const c of commands) {
          const before = await stateOf(id);
          const who = { role: 'complaints_officer' as const, allocated: true };
          const stage = c.action === 'escalate' || c.action === 'update_stage' ? c.stage : undefined;
          const offered = isAvailable(availableActions(before, who), c.action, stage);
          const expected = refusal(before, who, c.action, stage);
          assert.equal(
            offered,
            spec(before, c.action, stage),
            `${c.action} ${stage ?? ''} on ${JSON.stringify(before)}`,
          );
          const outcome = await perform(id, c.action, c.stage, c.procedure).then(
            () => null,
            (e: unknown) => (e as { code?: string }).code ?? String(e),
          );
          if (!offered) {
            assert.equal(
              outcome,
              expected?.code,
              `${c.action} ${c.stage} was not offered, yet ${outcome ?? 'accepted'}`,
            );
            refused++;
          } else {
            assert.ok(
              !outcome || !STATE_CODES.has(outcome),
              `${c.action} ${c.stage} was offered, yet refused: ${outcome}`,
            );
            if (!outcome) accepted++;
          }
          assertValid(await stateOf(id));
        }
      }),
      { numRuns: 25, seed: 20261130 },
    );
    // The walk must exercise both sides, or it proves nothing.
    assert.ok(accepted > 20, `only ${accepted} actions were accepted`);
    assert.ok(refused > 20, `only ${refused} actions were refused`);
  });
});
