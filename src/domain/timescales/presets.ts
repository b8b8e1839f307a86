import type { ClockRule, TimescalePolicy } from './rules.ts';

/**
 * The rule sets Heard ships. Each rule cites its source. Councils adopt,
 * change or replace them from the timescales admin page.
 */
const REGS_2006 = 'Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)';
const GETTING_THE_BEST = 'Getting the Best from Complaints (DfES, 2006)';
const LGSCO_CODE = 'LGSCO and Housing Ombudsman Complaint Handling Code (applies to councils from 1 April 2026)';
const ASC_2009 = 'Local Authority Social Services and NHS Complaints (England) Regulations 2009 (SI 2009/309)';
const LGSCO_ENQUIRY = 'LGSCO: councils are asked to answer an enquiry within 28 calendar days';

const rule = (r: Partial<ClockRule> & Pick<ClockRule, 'days' | 'startsOn' | 'source'>): ClockRule => ({
  unit: 'working_days',
  extendableTo: null,
  extensionNeedsAgreement: false,
  restartOnNewConcerns: false,
  kind: 'response',
  ...r,
});

const lgscoEnquiry = rule({
  days: 28,
  unit: 'calendar_days',
  startsOn: 'lgsco_enquiry_received',
  extendableTo: 56,
  source: LGSCO_ENQUIRY,
});

export type PresetKey =
  | 'childrens_statutory'
  | 'corporate_council'
  | 'complaint_handling_code'
  | 'adult_social_care_statutory'
  | 'out_of_scope';

export interface Preset extends Omit<TimescalePolicy, 'id'> {
  /** A shipped preset's key, or a council procedure's own. */
  key: string;
  description: string;
}

export const PRESETS: Record<PresetKey, Preset> = {
  childrens_statutory: {
    key: 'childrens_statutory',
    procedure: 'childrens_statutory',
    name: "Children's statutory procedure",
    description: 'The three-stage children’s social care procedure.',
    effectiveFrom: '2006-09-01',
    dueSoonDays: 2,
    complaintTimeLimitMonths: 12, // reg. 9: within one year; later only if the authority agrees it is reasonable
    rules: {
      acknowledgement: rule({
        days: 3,
        startsOn: 'received',
        source: `${GETTING_THE_BEST}: acknowledge within 2 working days; most councils allow 3 (council choice)`,
      }),
      stage1_response: rule({
        days: 10,
        startsOn: 'received',
        extendableTo: 20,
        extensionNeedsAgreement: true,
        restartOnNewConcerns: true,
        source: `${REGS_2006}, reg. 14: 10 working days, extendable to 20 for complex complaints or where an advocate is needed`,
      }),
      stage2_request: rule({
        days: 20,
        startsOn: 'previous_stage_responded',
        kind: 'window',
        source: `${REGS_2006}, reg. 14: the complainant may ask for Stage 2 within 20 working days of the Stage 1 response`,
      }),
      stage2_investigation: rule({
        days: 25,
        startsOn: 'statement_agreed',
        extendableTo: 65,
        restartOnNewConcerns: true,
        source: `${REGS_2006}, reg. 17: 25 working days, extendable to 65; ${GETTING_THE_BEST}: counted from agreeing the statement of complaint`,
      }),
      stage3_request: rule({
        days: 20,
        startsOn: 'previous_stage_responded',
        kind: 'window',
        source: `${REGS_2006}, reg. 18: the complainant may ask for a review panel within 20 working days of the Stage 2 response`,
      }),
      stage3_panel: rule({
        days: 30,
        startsOn: 'stage_requested',
        source: `${REGS_2006}, reg. 19(4): the panel meets within 30 working days of the request`,
      }),
      stage3_chair_report: rule({
        days: 5,
        startsOn: 'panel_held',
        source: `${REGS_2006}, reg. 20: the panel's recommendations within 5 working days of the meeting`,
      }),
      stage3_authority_response: rule({
        days: 15,
        startsOn: 'chair_report_received',
        source: `${REGS_2006}, reg. 20: the authority responds within 15 working days of receiving the recommendations`,
      }),
      lgsco_enquiry: lgscoEnquiry,
    },
  },
  corporate_council: {
    key: 'corporate_council',
    procedure: 'corporate',
    name: 'Corporate procedure (council policy)',
    description: 'A common two-stage council procedure: Stage 1 in 10 working days, Stage 2 review in 20.',
    effectiveFrom: '2000-01-01',
    dueSoonDays: 2,
    complaintTimeLimitMonths: 12,
    rules: {
      acknowledgement: rule({
        days: 3,
        startsOn: 'received',
        source: 'Council corporate complaints policy (typical: 3 working days)',
      }),
      stage1_response: rule({
        days: 10,
        startsOn: 'received',
        extendableTo: 20,
        extensionNeedsAgreement: true,
        restartOnNewConcerns: true,
        source: 'Council corporate complaints policy (typical: 10 working days; some councils use 20 or 30)',
      }),
      stage2_request: rule({
        days: 20,
        startsOn: 'previous_stage_responded',
        kind: 'window',
        source: 'Council corporate complaints policy',
      }),
      stage2_investigation: rule({
        days: 20,
        startsOn: 'stage_requested',
        extendableTo: 30,
        extensionNeedsAgreement: true,
        source: 'Council corporate complaints policy (typical: 20 working days)',
      }),
      lgsco_enquiry: lgscoEnquiry,
    },
  },
  complaint_handling_code: {
    key: 'complaint_handling_code',
    procedure: 'corporate',
    name: 'Complaint Handling Code',
    description: "The Ombudsman's code for councils' non-statutory complaints, from 1 April 2026.",
    effectiveFrom: '2026-04-01',
    dueSoonDays: 2,
    complaintTimeLimitMonths: 12,
    rules: {
      acknowledgement: rule({
        days: 5,
        startsOn: 'received',
        source: `${LGSCO_CODE}: acknowledge within 5 working days`,
      }),
      stage1_response: rule({
        days: 10,
        startsOn: 'acknowledged',
        extendableTo: 20,
        restartOnNewConcerns: true,
        source: `${LGSCO_CODE}: respond within 10 working days of acknowledging; an extension of no more than a further 10 working days`,
      }),
      stage2_request: rule({
        days: 20,
        startsOn: 'previous_stage_responded',
        kind: 'window',
        source: 'Council policy under the Code (the Code sets no limit; 20 working days is common)',
      }),
      stage2_investigation: rule({
        days: 20,
        startsOn: 'stage_started',
        extendableTo: 30,
        source: `${LGSCO_CODE}: respond within 20 working days of acknowledging the Stage 2 request; an extension of no more than a further 10 working days`,
      }),
      lgsco_enquiry: lgscoEnquiry,
    },
  },
  adult_social_care_statutory: {
    key: 'adult_social_care_statutory',
    procedure: 'adult_social_care_statutory',
    name: 'Adult social care statutory procedure',
    description: 'A single stage with a response period agreed with the complainant.',
    effectiveFrom: '2009-04-01',
    dueSoonDays: 2,
    complaintTimeLimitMonths: 12,
    rules: {
      acknowledgement: rule({
        days: 3,
        startsOn: 'received',
        source: `${ASC_2009}, reg. 13(1): acknowledge within 3 working days`,
      }),
      stage1_response: rule({
        days: 6,
        unit: 'months',
        startsOn: 'received',
        extendableTo: 12,
        extensionNeedsAgreement: true,
        source: `${ASC_2009}, reg. 14: a response period agreed with the complainant; six months unless a longer period is agreed`,
      }),
      lgsco_enquiry: lgscoEnquiry,
    },
  },
  out_of_scope: {
    key: 'out_of_scope',
    procedure: 'out_of_scope',
    name: 'Out of scope (signposted)',
    description: 'Acknowledge and signpost; no investigation clock.',
    effectiveFrom: '2000-01-01',
    dueSoonDays: 2,
    complaintTimeLimitMonths: null,
    rules: {
      acknowledgement: rule({
        days: 3,
        startsOn: 'received',
        source: 'Council policy: acknowledge and signpost within 3 working days',
      }),
    },
  },
};

/** Concerns are informal and resolved quickly: two working days (48 hours) whatever the procedure. */
export const CONCERN_RULE: ClockRule = rule({
  days: 2,
  startsOn: 'received',
  source: 'Council policy: informal concerns resolved within 48 hours',
});

export function presetAsPolicy(preset: Preset | PresetKey, id?: string): TimescalePolicy {
  const { key, description: _description, ...policy } = typeof preset === 'string' ? PRESETS[preset] : preset;
  return { ...structuredClone(policy), id: id ?? `preset:${key}` };
}
