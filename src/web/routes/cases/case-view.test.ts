import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseRecord } from '../../../services/case-record.ts';
import { attachmentRows, caseActions, caseView, partyRows, stageSections, summaryRows } from './case-view.ts';

type Stage = CaseRecord['stages'][number];

/** A stage with nothing recorded yet, with the fields given. */
function stage(fields: Partial<Stage>): Stage {
  return {
    kind: 'stage1',
    procedure: null,
    requestedOn: null,
    startedOn: null,
    statementAgreedOn: null,
    reportsReceivedOn: null,
    adjudicatedOn: null,
    panelHeldOn: null,
    chairReportReceivedOn: null,
    authorityRespondedOn: null,
    lgscoEnquiryReceivedOn: null,
    lgscoEnquiryRespondedOn: null,
    lgscoDecisionOn: null,
    respondedOn: null,
    closedOn: null,
    lateRequestReason: null,
    lgscoReference: null,
    lgscoDecision: null,
    lgscoFaultFound: null,
    lgscoInjusticeFound: null,
    outcome: null,
    investigatorCostPence: null,
    independentPersonCostPence: null,
    panelCostPence: null,
    otherCostPence: null,
    panelRecommendations: null,
    people: [],
    investigations: [],
    remedies: [],
    ...fields,
  } as Stage;
}

/** A case record as the services give it, with only what these tests look at filled in. */
function record(fields: Partial<CaseRecord['case']> = {}, more: Partial<CaseRecord> = {}): CaseRecord {
  return {
    case: {
      reference: 'CS-2024-00001',
      type: 'complaint',
      status: 'open',
      procedure: 'childrens_statutory',
      receivedOn: '2024-05-01',
      acknowledgedOn: null,
      channel: null,
      teamName: null,
      investigatingManager: null,
      mainCategory: null,
      themes: [],
      eventsOn: null,
      outcome: null,
      closedOn: null,
      ...fields,
    },
    parties: [],
    compliment: null,
    stages: [],
    learning: [],
    actions: [],
    clockEvents: [],
    typeHistory: [],
    procedureHistory: [],
    links: [],
    attachments: [],
    audit: [],
    ...more,
  } as unknown as CaseRecord;
}

const officer = { role: 'complaints_officer' as const, mayChange: true };
const texts = (links: { text: string }[] | null) => links?.map((l) => l.text) ?? null;

describe('the actions the case page offers', () => {
  it('offers an officer every casework page on an open complaint at a stage', () => {
    const a = caseActions(record({}, { stages: [stage({})] }), officer);
    assert.deepEqual(texts(a.casework), [
      'Allocate',
      'Escalate',
      'Learning and actions',
      'Letters',
      'Quote in the annual report',
      'Close, withdraw or link',
    ]);
    assert.equal(a.clockEvents, true);
    assert.deepEqual(a.updateStages, ['stage1']);
    assert.equal(a.triage, false);
    assert.equal(a.audit, true);
  });

  it('does not offer escalation before the case has a stage', () => {
    assert.ok(!texts(caseActions(record(), officer).casework)!.includes('Escalate'));
  });

  it('offers a closed case only reopening, linking and its learning, letters and quote', () => {
    const a = caseActions(record({ status: 'closed' }, { stages: [stage({})] }), officer);
    assert.deepEqual(texts(a.casework), [
      'Learning and actions',
      'Letters',
      'Quote in the annual report',
      'Reopen or link',
    ]);
    assert.equal(a.clockEvents, false);
    assert.deepEqual(a.investigateStages, []);
    assert.equal(a.attach, true, 'a document may still be added to a closed case');
  });

  it('offers a new case for triage to those who may change any case, and no casework yet', () => {
    assert.equal(caseActions(record({ status: 'new' }), officer).triage, true);
    assert.equal(caseActions(record({ status: 'new' }), officer).casework, null);
    assert.equal(
      caseActions(record({ status: 'new' }), { role: 'investigating_manager', mayChange: true }).triage,
      false,
    );
  });

  it('offers the compliment details page on a compliment, and no quote on a comment', () => {
    assert.ok(texts(caseActions(record({ type: 'compliment' }), officer).casework)!.includes('Compliment details'));
    assert.ok(
      !texts(caseActions(record({ type: 'comment' }), officer).casework)!.includes('Quote in the annual report'),
    );
  });

  it('offers nothing to change to someone who may only read the case, and the audit trail by role', () => {
    const senior = caseActions(record(), { role: 'senior_manager', mayChange: false });
    assert.equal(senior.casework, null);
    assert.equal(senior.clockEvents, false);
    assert.equal(senior.attach, false);
    assert.equal(senior.audit, true);
    assert.equal(caseActions(record(), { role: 'investigating_manager', mayChange: true }).audit, false);
  });

  it('links each stage to its page, and offers investigations except at the Ombudsman', () => {
    const r = record({}, { stages: [stage({ kind: 'stage1' }), stage({ kind: 'lgsco' })] });
    const [s1, lgsco] = stageSections(r, caseActions(r, officer));
    assert.equal(s1!.updateHref, '/cases/CS-2024-00001/stages/stage1');
    assert.equal(s1!.addInvestigationHref, '/cases/CS-2024-00001/investigations/new?stage=stage1');
    assert.equal(lgsco!.addInvestigationHref, null);
    const [readOnly] = stageSections(r, caseActions(r, { role: 'senior_manager', mayChange: false }));
    assert.equal(readOnly!.updateHref, null);
  });
});

describe('the case page rows', () => {
  it('says what is not yet known in the summary', () => {
    const rows = Object.fromEntries(summaryRows(record({ procedure: null })).map((r) => [r.key.text, r.value.text]));
    assert.equal(rows.Procedure, 'Not decided yet');
    assert.equal(rows.Received, '1 May 2024');
    assert.equal(rows.Acknowledged, 'Not yet');
    assert.equal(rows.Themes, 'None recorded');
    assert.equal(rows['Closed on'], 'Not closed: the case is open');
  });

  it("lists a stage's dates in order, its decision, and its costs added up", () => {
    const r = record(
      {},
      {
        stages: [
          stage({
            kind: 'lgsco',
            respondedOn: '2024-07-01',
            requestedOn: '2024-06-01',
            lgscoFaultFound: false,
            investigatorCostPence: 10000,
            otherCostPence: 2550,
          }),
        ],
      },
    );
    const [s] = stageSections(r, caseActions(r, officer));
    assert.deepEqual(
      s!.rows.map((x) => [x.key.text, x.value.text]),
      [
        // In the Ombudsman stage's own words (its definition), and no outcome: its decision is the outcome.
        ['Enquiry arrived', '1 June 2024'],
        ['Stage closed', '1 July 2024'],
        ['Fault found', 'No'],
        ['Costs', '£125.50'],
      ],
    );
  });

  it('describes a person with what is known about them, and how to contact them', () => {
    const r = record(
      {},
      {
        parties: [
          {
            role: 'complainant',
            name: 'Pat Parent',
            relationship: 'Parent',
            serviceUserGroup: null,
            lookedAfter: true,
            ethnicity: null,
            dateOfBirth: null,
            persistentFlag: false,
            persistentReviewOn: null,
            email: 'pat@example.com',
            phone: '01632 960 001',
          },
        ] as unknown as CaseRecord['parties'],
      },
    );
    assert.deepEqual(partyRows(r), [
      [
        { text: 'Complainant' },
        { text: 'Pat Parent' },
        { text: 'Parent; Looked after' },
        { text: 'pat@example.com, 01632 960 001' },
        { text: '' },
      ],
    ]);
  });

  it("escapes a document's name in its link", () => {
    const r = record(
      {},
      {
        attachments: [
          {
            id: 'f1',
            fileName: '<b>notes</b>.txt',
            contentType: 'text/plain',
            sizeBytes: 1025,
            uploadedAt: new Date(),
          },
        ] as unknown as CaseRecord['attachments'],
      },
    );
    const [[link, , size]] = attachmentRows(r) as [[{ html: string }, unknown, { text: string }]];
    assert.equal(
      link.html,
      '<a class="govuk-link" href="/cases/CS-2024-00001/attachments/f1">&lt;b&gt;notes&lt;/b&gt;.txt</a>',
    );
    assert.equal(size.text, '2 KB');
  });

  it('leaves the audit trail out for those who may not see it', () => {
    const r = record(
      {},
      {
        audit: [
          {
            occurredAt: new Date(),
            actorLabel: 'x',
            action: 'y',
            before: null,
            after: {},
            summary: 'Did y',
            changes: [],
          },
        ] as never,
      },
    );
    assert.equal(caseView(r, { role: 'investigating_manager', mayChange: true }).audit.length, 0);
    assert.equal(caseView(r, officer).audit.length, 1);
  });
});
