import { procedureLabel } from '../domain/procedures/registry.ts';
import nunjucks from 'nunjucks';
import { escapeHtml } from '../reports/html.ts';
import { formatLongDate, isIsoDate } from '../domain/calendar/iso-date.ts';
import { ROLE_LABELS } from '../domain/access/roles.ts';
import {
  CASE_STATUS_LABELS,
  FEEDBACK_TYPE_LABELS,
  LGSCO_DECISION_LABELS,
  OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  STAGE_LABELS,
  STAGE_ROLE_LABELS,
} from '../domain/cases/vocabulary.ts';
import { ORG_UNIT_KIND_LABELS } from '../domain/organisation/org-units.ts';
import { CLOCK_LABELS } from '../domain/timescales/clock-names.ts';

const LABELS: Record<string, Record<string, string>> = {
  feedbackType: FEEDBACK_TYPE_LABELS,
  status: CASE_STATUS_LABELS,
  stage: STAGE_LABELS,
  outcome: OUTCOME_LABELS,
  lgscoDecision: LGSCO_DECISION_LABELS,
  partyRole: PARTY_ROLE_LABELS,
  stageRole: STAGE_ROLE_LABELS,
  role: ROLE_LABELS,
  orgKind: ORG_UNIT_KIND_LABELS,
  clock: CLOCK_LABELS,
};

/** Filters every template can use; they format, they never decide. */
export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('longDate', (value: unknown) =>
    isIsoDate(value) ? formatLongDate(value) : value ? String(value) : '',
  );
  env.addFilter('dateTime', (value: unknown) => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(String(value));
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      dateStyle: 'long',
      timeStyle: 'short',
    }).format(d);
  });
  env.addFilter('label', (value: unknown, vocabulary: string) => {
    if (value === null || value === undefined || value === '') return '';
    // Procedures are definitions, not a fixed list: a council's own has its label there.
    if (vocabulary === 'procedure') return procedureLabel(String(value));
    return LABELS[vocabulary]?.[String(value)] ?? String(value);
  });
  env.addFilter('pounds', (pence: unknown) =>
    typeof pence === 'number'
      ? `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
      : '',
  );
  env.addFilter('number', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : ''));
  env.addFilter('json', (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1)));
  // A link to a case, for the table cells built as HTML: references come from data (an imported
  // legacy reference can hold anything), so the text is escaped and the address encoded here, once.
  env.addFilter('caseLink', (reference: unknown, suffix = '') => {
    const ref = String(reference ?? '');
    return new nunjucks.runtime.SafeString(
      `<a class="govuk-link" href="/cases/${encodeURIComponent(ref)}${escapeHtml(String(suffix))}">${escapeHtml(ref)}</a>`,
    );
  });
  env.addFilter('yesNo', (v: unknown) => (v === true ? 'Yes' : v === false ? 'No' : 'Not recorded'));
}

export const VOCABULARIES = LABELS;
