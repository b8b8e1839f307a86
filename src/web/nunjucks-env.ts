import nunjucks from 'nunjucks';
import { escapeHtml } from '../reports/html.ts';
import { dateTime, label, LABELS, longDate, pounds, yesNo } from './format.ts';

/** Filters every template can use; they format, they never decide. */
export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('longDate', longDate);
  env.addFilter('dateTime', dateTime);
  env.addFilter('label', label);
  env.addFilter('pounds', pounds);
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
  env.addFilter('yesNo', yesNo);
  // The GOV.UK macros build their HTML in blocks and trim it. nunjucks' own trim is the regular expression
  // /^\s*|\s*$/g, whose time grows with the square of each run of spaces (the HTML's indentation): 6.5% of
  // all the time the route fuzz test spent, over 2,462 pages. String.prototype.trim removes the same characters.
  env.addFilter('trim', (text: unknown) => {
    const trimmed = text === undefined || text === null ? '' : String(text).trim();
    return text instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
  });
}

export const VOCABULARIES = LABELS;
