import { STAGE_LABELS } from '../cases/vocabulary.ts';
import type { IndependenceRule, StageDefinition } from './types.ts';

/**
 * The stage shapes the shipped procedures share. A procedure picks the ones it
 * uses and says which may follow which (`next`); a council's own procedure can
 * reuse them or describe its own.
 */

const notOnStage1: IndependenceRule = {
  roles: ['independent_investigating_officer', 'independent_person'],
  notEarlier: { stage: 'stage1', roles: ['investigating_manager'], asInvestigator: true },
  code: 'STAGE.NOT_INDEPENDENT',
  message: (name) => `${name} investigated this complaint at Stage 1, so cannot act at Stage 2`,
};

const notStage2IndependentPerson: IndependenceRule = {
  roles: ['panel_member', 'panel_chair'],
  notEarlier: { stage: 'stage2', roles: ['independent_person'] },
  code: 'STAGE.PANEL_NOT_INDEPENDENT',
  message: (name) => `${name} was the Stage 2 independent person, so cannot sit on the review panel`,
};

/** Stage 2's two independent roles check each other: the same person cannot be both (2006 Regulations, reg. 17–18). */
const investigatorNotIndependentPerson: IndependenceRule = {
  roles: ['independent_person'],
  notEarlier: { stage: 'stage2', roles: ['independent_investigating_officer'] },
  code: 'STAGE.SAME_PERSON_TWICE',
  message: (name) => `${name} is the independent investigating officer, so cannot also be the independent person`,
};
const independentPersonNotInvestigator: IndependenceRule = {
  roles: ['independent_investigating_officer'],
  notEarlier: { stage: 'stage2', roles: ['independent_person'] },
  code: 'STAGE.SAME_PERSON_TWICE',
  message: (name) => `${name} is the independent person, so cannot also be the independent investigating officer`,
};

type StageShape = Omit<StageDefinition, 'next'>;

/** Local resolution: the service's manager investigates and answers. */
export const LOCAL_RESOLUTION: StageShape = {
  kind: 'stage1',
  label: STAGE_LABELS.stage1,
  dates: [
    { field: 'requestedOn', label: 'Requested', required: true },
    { field: 'startedOn', label: 'Stage started', required: true },
    { field: 'respondedOn', label: 'Response to the complainant' },
  ],
  clocks: [{ clock: 'stage1_response', stopsOn: 'respondedOn', runsBeforeStageExists: true }],
  responseClock: 'stage1_response',
  costs: [],
  investigations: true,
  panel: false,
  ombudsman: false,
  outcome: true,
  people: ['investigating_manager', 'adjudicating_officer'],
  independence: [],
};

/** Investigation: for children's statutory complaints, by an independent investigating officer and independent person. */
export const INVESTIGATION: StageShape = {
  kind: 'stage2',
  label: STAGE_LABELS.stage2,
  dates: [
    { field: 'requestedOn', label: 'Requested', required: true },
    { field: 'startedOn', label: 'Stage started', required: true },
    { field: 'statementAgreedOn', label: 'Statement of complaint agreed (starts the Stage 2 clock)' },
    { field: 'reportsReceivedOn', label: "Investigator's and independent person's reports received" },
    { field: 'adjudicatedOn', label: 'Adjudication sent' },
    { field: 'respondedOn', label: 'Response to the complainant' },
  ],
  clocks: [
    { clock: 'stage2_request', stopsOn: 'requestedOn', opensWhenAnswered: 'stage1' },
    { clock: 'stage2_investigation', stopsOn: 'respondedOn' },
  ],
  responseClock: 'stage2_investigation',
  costs: [
    { field: 'investigatorCostPence', label: "Investigating officer's cost" },
    { field: 'independentPersonCostPence', label: "Independent person's cost" },
    { field: 'otherCostPence', label: 'Other costs' },
  ],
  investigations: true,
  panel: false,
  ombudsman: false,
  outcome: true,
  people: ['investigating_manager', 'independent_investigating_officer', 'independent_person', 'adjudicating_officer'],
  independence: [notOnStage1, investigatorNotIndependentPerson, independentPersonNotInvestigator],
};

/** Review panel: an independent panel reviews Stage 2, and the authority responds to its recommendations. */
export const REVIEW_PANEL: StageShape = {
  kind: 'stage3',
  label: STAGE_LABELS.stage3,
  dates: [
    { field: 'requestedOn', label: 'Requested', required: true },
    { field: 'startedOn', label: 'Stage started', required: true },
    { field: 'panelHeldOn', label: 'Panel held' },
    { field: 'chairReportReceivedOn', label: "Chair's report received" },
    { field: 'authorityRespondedOn', label: "Authority's response sent" },
    { field: 'respondedOn', label: 'Response to the complainant' },
  ],
  clocks: [
    { clock: 'stage3_request', stopsOn: 'requestedOn', opensWhenAnswered: 'stage2' },
    { clock: 'stage3_panel', stopsOn: 'panelHeldOn' },
    { clock: 'stage3_chair_report', stopsOn: 'chairReportReceivedOn' },
    { clock: 'stage3_authority_response', stopsOn: 'authorityRespondedOn' },
  ],
  responseClock: 'stage3_authority_response',
  costs: [
    { field: 'panelCostPence', label: 'Panel cost' },
    { field: 'otherCostPence', label: 'Other costs' },
  ],
  investigations: false,
  panel: true,
  ombudsman: false,
  outcome: true,
  people: ['panel_chair', 'panel_member', 'adjudicating_officer'],
  independence: [notStage2IndependentPerson],
};

/** The Local Government and Social Care Ombudsman: its enquiry, the council's answer, its decision. */
export const OMBUDSMAN: StageShape = {
  kind: 'lgsco',
  label: STAGE_LABELS.lgsco,
  dates: [
    { field: 'requestedOn', label: 'Enquiry arrived', required: true },
    { field: 'startedOn', label: 'Stage started', required: true },
    { field: 'lgscoEnquiryReceivedOn', label: 'Enquiry received', required: true },
    { field: 'lgscoEnquiryRespondedOn', label: 'Our response to the enquiry (due in 28 days)' },
    { field: 'lgscoDecisionOn', label: 'Decision date' },
    { field: 'respondedOn', label: 'Stage closed' },
  ],
  clocks: [{ clock: 'lgsco_enquiry', stopsOn: 'lgscoEnquiryRespondedOn' }],
  responseClock: 'lgsco_enquiry',
  costs: [],
  investigations: false,
  panel: false,
  ombudsman: true,
  outcome: false,
  // The council's officer who answers the Ombudsman.
  people: ['investigating_manager'],
  independence: [],
};

/** The stage page shows these dates; the others are set when the stage begins (escalation). */
export const SET_WHEN_STAGE_BEGINS = new Set(['startedOn']);
