import { can, type Role } from '../../../domain/access/roles.ts';
import type { StageKind } from '../../../domain/cases/vocabulary.ts';
import { availableActions, caseState } from '../../../domain/procedures/actions.ts';
import { definitionOfStage } from '../../../domain/procedures/registry.ts';
import type { CaseAction, StageDefinition } from '../../../domain/procedures/types.ts';
import type { CaseRecord } from '../../../services/case-record.ts';
import { escapeHtml } from '../../../reports/html.ts';
import { dateTime, label, longDate, pounds, yesNo } from '../../format.ts';

/**
 * The case page's view model: what the page shows, as plain rows and
 * sections for the GOV.UK macros, built here rather than in the template.
 */

/** Who is looking: their role, and whether the services let them change this case at all. */
export interface CaseViewer {
  role: Role;
  /** From the services' access check (allocation, team): may this person change this case? */
  mayChange: boolean;
}

export interface Link {
  href: string;
  text: string;
}

/** A GOV.UK summary list row, with its "Change" link when the person may change it. */
export interface SummaryRow {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

/** A GOV.UK table cell. */
export interface Cell {
  text?: string | number | null;
  html?: string;
  format?: 'numeric';
  classes?: string;
}

/**
 * Which actions the page offers this person on this case. Every decision comes
 * from the procedure's availableActions (domain/procedures/actions.ts), the
 * same function the server's guard asks, so the page never offers a change the
 * server would refuse.
 */
export interface CaseActions {
  /** The button to triage a new case. */
  triage: boolean;
  /** The casework links (allocate, escalate, letters…); null when the page shows none. */
  casework: Link[] | null;
  /** Record a clock event (extend, pause, resume, restart). */
  clockEvents: boolean;
  /** Add documents. */
  attach: boolean;
  /** Change the subject, category and themes. */
  updateDetails: boolean;
  /** Change or add the people on the case. */
  updatePeople: boolean;
  /** The stages whose details may be changed now. */
  updateStages: StageKind[];
  /** The stages whose investigations may be added to or changed now. */
  investigateStages: StageKind[];
  /** See the audit trail. */
  audit: boolean;
  /** Follow a link to who has opened or downloaded the case (administrators). */
  whoSaw: boolean;
}

export function caseActions(record: CaseRecord, viewer: CaseViewer): CaseActions {
  const c = record.case;
  const offered = viewer.mayChange
    ? availableActions(
        caseState(c, record.stages),
        // mayChange comes from the services' access check, which has already weighed allocation.
        { role: viewer.role, allocated: true },
      )
    : [];
  const has = (action: CaseAction) => offered.some((a) => a.action === action);
  const stagesFor = (action: CaseAction) => offered.filter((a) => a.action === action).map((a) => a.stage!);
  const href = (page: string) => `/cases/${c.reference}/${page}`;
  const casework =
    viewer.mayChange && c.status !== 'new'
      ? [
          ...(has('allocate') ? [{ href: href('allocate'), text: 'Allocate' }] : []),
          ...(has('escalate') ? [{ href: href('escalate'), text: 'Escalate' }] : []),
          ...(has('record_learning') ? [{ href: href('learning'), text: 'Learning and actions' }] : []),
          { href: href('letters'), text: 'Letters' },
          ...(has('quote_in_report') && (c.type === 'complaint' || c.type === 'compliment')
            ? [{ href: href('quote'), text: 'Quote in the annual report' }]
            : []),
          ...(has('record_compliment') ? [{ href: href('compliment'), text: 'Compliment details' }] : []),
          ...(has('reopen')
            ? [{ href: href('status'), text: 'Reopen or link' }]
            : has('close')
              ? [{ href: href('status'), text: 'Close, withdraw or link' }]
              : []),
        ]
      : null;
  return {
    triage: has('triage'),
    casework,
    clockEvents: has('record_clock_event'),
    attach: has('attach_file'),
    updateDetails: has('update_details'),
    updatePeople: has('update_people'),
    updateStages: stagesFor('update_stage'),
    investigateStages: stagesFor('manage_investigations'),
    audit: can(viewer.role, 'audit.read'),
    // Who has opened or downloaded the case is for administrators (Administration, Audit trail), not every reader.
    whoSaw: can(viewer.role, 'admin.manage'),
  };
}

const row = (key: string, value: string, change?: string): SummaryRow => ({
  key: { text: key },
  value: { text: value },
  ...(change ? { actions: { items: [{ href: change, text: 'Change', visuallyHiddenText: key.toLowerCase() }] } } : {}),
});

/**
 * The case's outcome as the complainant last heard it: the latest answered
 * stage's outcome (Stage 2's "Not upheld" after Stage 1's "Partially upheld"),
 * else the case's own (rolled up from its investigations, or set with a reason).
 */
export function currentOutcome(record: CaseRecord): string | null {
  const answered = record.stages.filter((s) => s.respondedOn && s.outcome);
  return answered.length ? answered[answered.length - 1]!.outcome : record.case.outcome;
}

/** The case's summary, with "Change" links on what the person may change. */
export function summaryRows(record: CaseRecord, actions?: Pick<CaseActions, 'updateDetails'>): SummaryRow[] {
  const c = record.case;
  const details = actions?.updateDetails ? `/cases/${c.reference}/details` : undefined;
  return [
    row('Reference', c.reference),
    row('Subject', c.subject, details),
    row('Type', label(c.type, 'feedbackType')),
    row('Status', label(c.status, 'status')),
    row('Procedure', label(c.procedure, 'procedure') || 'Not decided yet'),
    row('Received', longDate(c.receivedOn)),
    row('Acknowledged', longDate(c.acknowledgedOn) || 'Not yet'),
    row('Channel', c.channel || 'Not recorded'),
    row('Team', c.teamName || 'Not allocated'),
    row('Investigating manager', c.investigatingManager || 'Not allocated'),
    row('Main problem category', c.mainCategory || 'Not recorded', details),
    row('Themes', c.themes.length ? c.themes.join(', ') : 'None recorded', details),
    row('When the events happened', longDate(c.eventsOn) || 'Not recorded'),
    row('Outcome', label(currentOutcome(record), 'outcome') || 'No outcome yet'),
    row('Closed on', longDate(c.closedOn) || 'Not closed: the case is open'),
  ];
}

/** The people on the case: role, name, what we know about them, how to contact them, and a "Change" link. */
export function partyRows(record: CaseRecord, actions?: Pick<CaseActions, 'updatePeople'>): Cell[][] {
  const ref = escapeHtml(record.case.reference);
  return record.parties.map((p) => {
    const details = [
      p.relationship,
      p.serviceUserGroup,
      p.lookedAfter ? 'Looked after' : null,
      p.ethnicity,
      p.dateOfBirth ? `Born ${longDate(p.dateOfBirth)}` : null,
      p.persistentFlag ? `Unreasonably persistent: review ${longDate(p.persistentReviewOn)}` : null,
    ].filter(Boolean);
    const contact = (p.email || '') + (p.email && p.phone ? ', ' : '') + (p.phone || '');
    const role = label(p.role, 'partyRole');
    const change: Cell = actions?.updatePeople
      ? {
          html: `<a class="govuk-link" href="/cases/${ref}/people/${escapeHtml(p.id)}">Change<span class="govuk-visually-hidden"> the ${escapeHtml(role.toLowerCase())}’s details</span></a>`,
        }
      : { text: '' };
    return [{ text: role }, { text: p.name }, { text: details.join('; ') }, { text: contact }, change];
  });
}

/** Links to add the people a case may lack: the child a web complaint did not name, an advocate who joined later. */
export function addPeopleLinks(record: CaseRecord, actions: Pick<CaseActions, 'updatePeople'>): Link[] {
  if (!actions.updatePeople) return [];
  const href = (role: string) => `/cases/${record.case.reference}/people/new?role=${role}`;
  return [
    ...(record.parties.some((p) => p.role === 'child')
      ? []
      : [{ href: href('child'), text: 'Add the child or young person' }]),
    ...(record.parties.some((p) => p.role === 'complainant')
      ? []
      : [{ href: href('complainant'), text: 'Add the complainant' }]),
    { href: href('advocate'), text: 'Add an advocate' },
    { href: href('representative'), text: 'Add a representative' },
  ];
}

/** A compliment's details, or null for other feedback. */
export function complimentRows(record: CaseRecord): SummaryRow[] | null {
  const m = record.compliment;
  if (!m) return null;
  return [
    row('Team', m.teamName || 'Not recorded'),
    row('Staff member', (m.staff || '') + (m.staffRole ? ` (${m.staffRole})` : '') || 'Not named'),
    row('From', m.origin || 'Not recorded'),
    row('Theme', m.theme || 'Not recorded'),
    row('Shared with the team', longDate(m.sharedOn) || 'Not yet'),
  ];
}

/** The dates a stage may have, in the order the page lists them. */

type Stage = CaseRecord['stages'][number];

/** A stage's costs in pence, all four together. */
export const stageCost = (s: Stage) =>
  (s.investigatorCostPence ?? 0) +
  (s.independentPersonCostPence ?? 0) +
  (s.panelCostPence ?? 0) +
  (s.otherCostPence ?? 0);

/** A stage's summary, in its definition's words and order: what the stage page calls each date, the case page calls it too. */
function stageRows(s: Stage, def: StageDefinition): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { field, label: name } of def.dates) if (s[field]) rows.push(row(name, longDate(s[field])));
  if (s.closedOn) rows.push(row('Closed', longDate(s.closedOn)));
  if (s.lateRequestReason) rows.push(row('Accepted late because', s.lateRequestReason));
  if (s.lgscoReference) rows.push(row('Ombudsman reference', s.lgscoReference));
  if (s.lgscoDecision) rows.push(row('Ombudsman decision', label(s.lgscoDecision, 'lgscoDecision')));
  if (s.lgscoFaultFound !== null) rows.push(row('Fault found', yesNo(s.lgscoFaultFound)));
  if (s.lgscoInjusticeFound !== null) rows.push(row('Injustice found', yesNo(s.lgscoInjusticeFound)));
  if (def.outcome) rows.push(row('Outcome', label(s.outcome, 'outcome') || 'No outcome yet'));
  if (stageCost(s) > 0) rows.push(row('Costs', pounds(stageCost(s))));
  if (s.panelRecommendations) rows.push(row('Panel recommendations', s.panelRecommendations));
  return rows;
}

/** Each stage: its summary, who handled it, its investigations (with their heads of complaint) and remedies. */
export function stageSections(record: CaseRecord, actions: CaseActions) {
  return record.stages.map((s) =>
    stageSection(record, s, definitionOfStage(s.procedure ?? record.case.procedure, s.kind), actions),
  );
}

function stageSection(record: CaseRecord, s: Stage, def: StageDefinition, actions: CaseActions) {
  const ref = record.case.reference;
  return {
    kind: s.kind,
    // The stage's name in its procedure: a council's own procedure names its stages its own way.
    title: def.label,
    procedure: label(s.procedure, 'procedure'),
    updateHref: actions.updateStages.includes(s.kind) ? `/cases/${ref}/stages/${s.kind}` : null,
    addInvestigationHref: actions.investigateStages.includes(s.kind)
      ? `/cases/${ref}/investigations/new?stage=${s.kind}`
      : null,
    rows: stageRows(s, def),
    people: s.people.map(
      (p) => `${label(p.role, 'stageRole')}: ${p.name}` + (p.organisation ? ` (${p.organisation})` : ''),
    ),
    investigations: s.investigations.map((i) => ({
      teamName: i.teamName,
      updateHref: actions.investigateStages.includes(s.kind) ? `/cases/${ref}/investigations/${i.id}` : null,
      summary:
        `Investigator: ${i.investigator || 'Not allocated'}. Outcome: ${label(i.outcome, 'outcome') || 'not yet'}` +
        (i.respondedOn ? `, responded ${longDate(i.respondedOn)}` : '') +
        '.',
      heads: i.heads.map((h): Cell[] => [
        { text: h.position },
        { text: h.summary },
        { text: h.finding || '' },
        { text: label(h.outcome, 'outcome') },
      ]),
    })),
    remedies: s.remedies.map((r): Cell[] => [
      { text: r.type },
      { text: r.description || '' },
      { text: pounds(r.amountPence), format: 'numeric' },
      { text: longDate(r.completedOn) || (r.dueOn ? `Due ${longDate(r.dueOn)}` : '') },
    ]),
  };
}

export function actionRows(record: CaseRecord): Cell[][] {
  return record.actions.map((a) => [
    { text: a.type },
    { text: a.text },
    { text: a.owner || '' },
    { text: longDate(a.dueOn) },
    { text: longDate(a.completedOn) || 'Open' },
  ]);
}

export function clockEventRows(record: CaseRecord): Cell[][] {
  return record.clockEvents.map((e) => [
    { text: label(e.clock, 'clock') },
    { text: e.kind },
    { text: longDate(e.occurredOn) },
    { text: `${e.reason}` + (e.extensionDays ? ` (${e.extensionDays} working days)` : '') },
    { text: e.kind === 'extended' ? yesNo(e.complainantAgreed) : '' },
  ]);
}

/** Changes of type, then of procedure. */
export function historyRows(record: CaseRecord): Cell[][] {
  return [
    ...record.typeHistory.map((t) => [
      { text: dateTime(t.changedAt) },
      {
        text:
          (t.fromType ? `Type: ${label(t.fromType, 'feedbackType')} → ` : 'Type: ') + label(t.toType, 'feedbackType'),
      },
      { text: t.reason },
      { text: t.changedByName || 'Heard' },
    ]),
    ...record.procedureHistory.map((p) => [
      { text: dateTime(p.changedAt) },
      {
        text:
          (p.fromProcedure ? `Procedure: ${label(p.fromProcedure, 'procedure')} → ` : 'Procedure: ') +
          label(p.toProcedure, 'procedure'),
      },
      { text: p.reason },
      { text: p.changedByName || 'Heard' },
    ]),
  ];
}

/** The documents, each a download link (file names come from outside: escaped). */
export function attachmentRows(record: CaseRecord): Cell[][] {
  const ref = escapeHtml(record.case.reference);
  return record.attachments.map((f) => [
    {
      html: `<a class="govuk-link" href="/cases/${ref}/attachments/${escapeHtml(f.id)}">${escapeHtml(f.fileName)}</a>`,
    },
    { text: f.contentType },
    { text: `${Math.ceil(f.sizeBytes / 1024)} KB`, format: 'numeric' },
    { text: dateTime(f.uploadedAt) },
  ]);
}

/** Every change to the case, as sentences: who, when, what was done, and each value before and after. */
export function auditRows(record: CaseRecord): Cell[][] {
  return record.audit.map((a) => [
    { text: dateTime(a.occurredAt), classes: 'app-nowrap' },
    { text: a.actorLabel },
    { text: a.summary },
    {
      html: a.changes.length
        ? `<ul class="govuk-list govuk-body-s app-audit-change">${a.changes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`
        : '',
    },
  ]);
}

/** Everything the case page shows, for this person. */
export function caseView(record: CaseRecord, viewer: CaseViewer) {
  const actions = caseActions(record, viewer);
  return {
    actions,
    summary: summaryRows(record, actions),
    parties: partyRows(record, actions),
    addPeople: addPeopleLinks(record, actions),
    compliment: complimentRows(record),
    stages: stageSections(record, actions),
    actionRows: actionRows(record),
    clockEvents: clockEventRows(record),
    history: historyRows(record),
    attachments: attachmentRows(record),
    audit: actions.audit ? auditRows(record) : [],
  };
}

export type CaseView = ReturnType<typeof caseView>;
