import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRow, type ImportLookups } from './row.ts';

const refs: Record<string, Record<string, string>> = {
  channel: { email: 'ch-email' },
  theme: { ehcplan: 'th-ehc', contact: 'th-contact' },
  remedy_type: { apology: 'rm-apology', financialremedy: 'rm-fin' },
  learning_type: { communicationorinformation: 'lt-comm' },
  complainant_relationship: { mother: 'rel-mother' },
  ethnicity: { wbri: 'eth-wbri' },
  service_user_group: { sendehcp: 'g-send' },
  category: { delay: 'cat-delay' },
};
const look: ImportLookups = {
  today: '2024-06-30',
  reference: (kind, raw) => refs[kind]?.[raw.toLowerCase().replace(/[^a-z0-9]+/g, '')] ?? null,
  unit: (raw) =>
    raw === 'SEND Team' || raw === 'Special Educational Needs' ? { id: 'team-send', kind: 'team' } : null,
  mapped: (field, raw) => (field === 'outcome' && raw === 'Justified' ? 'upheld' : raw),
};
const good = {
  legacy_reference: 'CU1',
  type: 'Complaint',
  received_on: '31/03/2023',
  channel: 'Email',
  procedure: 'Corporate',
  team: 'Special Educational Needs',
  themes: 'EHC plan; Contact',
  closed_on: '20/04/2023',
  complainant_name: 'Sarah Jones',
  complainant_relationship: 'Mother',
  child_name: 'Leo Jones',
  child_ethnicity: 'WBRI',
  child_group: 'SEND / EHCP',
  looked_after: 'no',
  stage1_responded_on: '19/04/2023',
  stage1_outcome: 'Partly upheld',
  remedies: 'Apology; Financial remedy: 250',
  learning: 'Communication or information: Call back within two days',
  category: 'Delay',
};

describe('reading a legacy row', () => {
  it('reads a complete row into a case with its stage, remedies and learning', () => {
    const { draft, problems } = readRow(2, good, look);
    assert.deepEqual(problems, []);
    assert.equal(draft!.type, 'complaint');
    assert.equal(draft!.procedure, 'corporate');
    assert.equal(draft!.teamId, 'team-send', 'a team found by an old name');
    assert.deepEqual(draft!.themeIds, ['th-ehc', 'th-contact']);
    assert.deepEqual(
      draft!.stages.map((s) => [s.kind, s.respondedOn, s.outcome]),
      [['stage1', '2023-04-19', 'partially_upheld']],
    );
    assert.equal(draft!.outcome, 'partially_upheld', 'the case outcome defaults to Stage 1’s');
    assert.deepEqual(draft!.remedies, [
      { stage: 'stage1', typeId: 'rm-apology', amountPence: null, paidOn: null, paidTo: null },
      { stage: 'stage1', typeId: 'rm-fin', amountPence: 25000, paidOn: null, paidTo: null },
    ]);
    assert.deepEqual(draft!.learning, [{ typeId: 'lt-comm', text: 'Call back within two days' }]);
  });

  it('reports every problem in a row, by column, with the value', () => {
    const { draft, problems } = readRow(
      7,
      {
        ...good,
        legacy_reference: '',
        received_on: '31/02/2023',
        team: 'Old Team',
        channel: 'Pigeon',
        stage1_responded_on: '01/03/2023',
        closed_on: '2030-01-01',
        stage2_outcome: 'Upheld',
        outcome: 'Justified',
        stage2_cost: 'lots',
      },
      look,
    );
    assert.equal(draft, null);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.value]),
      [
        [7, 'legacy_reference', ''],
        [7, 'received_on', '31/02/2023'],
        [7, 'team', 'Old Team'],
        [7, 'closed_on', '2030-01-01'],
        [7, 'stage2_cost', 'lots'],
        [7, 'stage2_requested_on', ''],
        [7, 'closed_on', '2030-01-01'],
        [7, 'channel', 'Pigeon'],
      ],
    );
    assert.match(problems.find((p) => p.column === 'team')!.message, /not a team, service or directorate Heard knows/);
  });

  it('a stage closed before it opened is a problem', () => {
    const { problems } = readRow(3, { ...good, stage1_responded_on: '30/03/2023' }, look);
    assert.deepEqual(
      problems.map((p) => [p.column, p.message]),
      [['stage1_responded_on', 'This is before the date received (2023-03-31)']],
    );
    const s2 = readRow(4, { ...good, stage2_requested_on: '2023-04-10', closed_on: '' }, look).problems;
    assert.deepEqual(
      s2.map((p) => p.column),
      ['stage2_requested_on'],
    );
  });

  it('keeps a complainant’s relationship and a child’s details when no name is given', () => {
    const { draft, problems } = readRow(
      5,
      {
        ...good,
        complainant_name: '',
        child_name: '',
        child_ethnicity: 'WBRI',
        child_group: 'SEND / EHCP',
        looked_after: 'yes',
      },
      look,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(draft!.complainant, {
      name: '',
      relationshipId: 'rel-mother',
      email: null,
      phone: null,
      postcode: null,
    });
    assert.deepEqual(draft!.child, {
      name: '',
      dateOfBirth: null,
      ethnicityId: 'eth-wbri',
      groupId: 'g-send',
      lookedAfter: true,
    });
    const none = readRow(
      6,
      {
        ...good,
        complainant_name: '',
        complainant_relationship: '',
        child_name: '',
        child_ethnicity: '',
        child_group: '',
        looked_after: '',
      },
      look,
    ).draft!;
    assert.equal(none.complainant, null, 'no details, no complainant');
    assert.equal(none.child, null, 'no details, no child');
  });

  it('a withdrawn stage closes on its withdrawal date as withdrawn, with the reason, and nothing follows it', () => {
    const withdrawn = {
      ...good,
      stage2_requested_on: '01/05/2023',
      stage2_withdrawn_on: '14/06/2023',
      withdrawal_reason: 'Resolved informally',
      closed_on: '14/06/2023',
    };
    const { draft, problems } = readRow(2, withdrawn, look);
    assert.deepEqual(problems, []);
    const s2 = draft!.stages.find((s) => s.kind === 'stage2')!;
    assert.deepEqual(
      [s2.respondedOn, s2.outcome, s2.outcomeOverrideReason],
      ['2023-06-14', 'withdrawn', 'Withdrawn: Resolved informally'],
    );
    const both = readRow(
      3,
      { ...withdrawn, stage2_responded_on: '10/06/2023', stage3_requested_on: '20/06/2023', closed_on: '' },
      look,
    );
    assert.deepEqual(
      both.problems.map((p) => [p.column, p.message]),
      [
        ['stage2_withdrawn_on', 'Stage 2 has a response date too: a stage is answered or withdrawn, not both'],
        ['stage2_withdrawn_on', 'Stage 2 was withdrawn, so it cannot go on to Stage 3'],
      ],
    );
  });

  it('a closed case whose stage has no response or withdrawal date is refused, as closing in Heard is', () => {
    const { draft, problems } = readRow(4, { ...good, stage2_requested_on: '01/05/2023' }, look);
    assert.equal(draft, null);
    assert.deepEqual(
      problems.map((p) => [p.column, p.value, p.message]),
      [
        [
          'closed_on',
          '20/04/2023',
          'The case is closed, but Stage 2 has no response or withdrawal date: give it, or leave the case open',
        ],
      ],
    );
    assert.deepEqual(readRow(4, { ...good, stage2_requested_on: '01/05/2023', closed_on: '' }, look).problems, []);
  });

  it('an extension needs its date and its length; a pause needs its dates and a reason', () => {
    const { problems } = readRow(
      5,
      { ...good, stage1_extension_days: 'ten', stage1_pauses: '05/04/2023 to 07/04/2023' },
      look,
    );
    assert.deepEqual(
      problems.map((p) => p.column),
      ['stage1_extension_days', 'stage1_pauses', 'stage1_extended_on'],
    );
  });

  it('a payment says when and to whom it was paid; to whom goes only with an amount', () => {
    const { draft, problems } = readRow(
      2,
      { ...good, remedies: 'Apology given 19/04/2023; Financial remedy: 250 paid 12/05/2023 to Ms Jones (mother)' },
      look,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      draft!.remedies.map((r) => [r.typeId, r.amountPence, r.paidOn, r.paidTo]),
      [
        ['rm-apology', null, '2023-04-19', null],
        ['rm-fin', 25000, '2023-05-12', 'Ms Jones (mother)'],
      ],
    );
    const undated = readRow(2, { ...good, remedies: 'Financial remedy: 250 to the complainant' }, look);
    assert.deepEqual(
      undated.draft!.remedies.map((r) => [r.paidOn, r.paidTo]),
      [[null, 'the complainant']],
    );
    const refused = readRow(2, { ...good, remedies: 'Apology: to the complainant' }, look);
    assert.deepEqual(
      refused.problems.map((p) => [p.column, p.message]),
      [
        [
          'remedies',
          '"Apology: to the complainant": who a remedy was paid to goes with its amount, like "Financial remedy: 250 paid 12/05/2023 to the complainant"',
        ],
      ],
    );
  });
});
