/**
 * What each measure counts, written once: the report's appendix prints these,
 * and the figures in figures.ts follow them.
 */
export const DEFINITIONS: { measure: string; definition: string }[] = [
  {
    measure: 'Feedback received',
    definition:
      'Cases received in the period, by their type as it is now (a complaint later corrected to a question counts as a question). Duplicates merged into another case are not counted.',
  },
  {
    measure: 'Feedback over six years',
    definition:
      'Feedback received in the period and each of the five before it (the same dates a year earlier each time), by type, counted the same way as feedback received and with the same filters. Only these counts go back six years; every other measure shows three.',
  },
  {
    measure: 'Complaints and complaint investigations',
    definition:
      'Complaints received in the period; investigations are the Stage 1 investigations of those complaints. One complaint about several teams has one investigation per team.',
  },
  {
    measure: 'By month and quarter',
    definition: 'Feedback by the month it was received. Quarters are the first to fourth three months of the period.',
  },
  {
    measure: 'By team',
    definition:
      "Complaints by their lead team, under the team's name on the day the complaint arrived, or (if chosen) under the team that stands for it today.",
  },
  {
    measure: 'By service area',
    definition:
      'All feedback received in the period, of every type, by the service its lead team belongs to (named as for teams: as it was when the case arrived, or the service of the team that stands for it today). Feedback with no lead team is a row of its own.',
  },
  {
    measure: 'By theme',
    definition:
      'Complaints received in the period by theme, statutory and corporate apart. A complaint with several themes counts under each, so themes add up to more than the complaints; percentages are of the complaints under that procedure.',
  },
  {
    measure: 'Outcomes',
    definition:
      'Stage 1 investigations of complaints that were answered in the period, whenever the complaint arrived, by outcome; as a percentage of all those answered, and of those with a finding (upheld, partially upheld, not upheld).',
  },
  {
    measure: 'Upheld rate by team and by theme',
    definition:
      'Of the Stage 1 investigations answered in the period with a finding, those upheld in full or in part, grouped by the investigating team (named as on the day it answered) or by each theme of the complaint (a complaint with several themes counts under each).',
  },
  { measure: 'Stage 2 outcomes', definition: 'Stage 2 investigations answered in the period, by their outcome.' },
  {
    measure: 'Ombudsman',
    definition:
      'Enquiries received in the period; decisions made in the period by decision, with fault and injustice found; the remedies asked for on those decisions, how many were completed by their due date and how many are not yet completed.',
  },
  {
    measure: 'Timescales',
    definition:
      'Responses sent in the period at each stage, per procedure, whenever the complaint arrived: the Stage 1 response, the Stage 2 investigation, the council’s response to a Stage 3 panel, and the reply to an Ombudsman enquiry. Each is judged by that stage’s clock under the rules the case ran under: within the timescale, within an agreed extension, or missed. Days are working days (calendar days for the Ombudsman’s 28-day enquiry clock) from the clock’s start to the response, pauses not counted. Migrated cases are left out when chosen, and the number left out is shown.',
  },
  {
    measure: 'Beyond Stage 1',
    definition:
      'Complaints with a Stage 2 request or an Ombudsman enquiry received in the period; Stage 3 requests likewise. Costs are those recorded on the stages requested in the period.',
  },
  {
    measure: 'Remedies',
    definition:
      'Remedies recorded at any stage of complaints received in the period; financial remedies are the total of their amounts.',
  },
  {
    measure: 'Learning and actions',
    definition:
      'Learning points and actions recorded on complaints received in the period. Upheld complaints with learning: complaints whose outcome is upheld or partially upheld that have at least one learning point. An action is on time when it was completed on or before its due date.',
  },
  {
    measure: 'Who complained',
    definition:
      "Complaints received in the period by the complainant's relationship to the child, the child's service user group and ethnicity, and feedback by channel. Complaints by children: the complainant is the child or young person. Looked after: the child was looked after when the complaint was made.",
  },
  {
    measure: 'Repeat complainants',
    definition: 'People who made two or more (and four or more) complaints received in the period.',
  },
  {
    measure: 'Compliments',
    definition:
      'Compliments received in the period, by the team complimented (named as for complaints), who they came from, and what they praised.',
  },
  {
    measure: 'Rates per 1,000',
    definition:
      'Complaints received in the period per 1,000 of each context figure the council entered for the financial year the period starts in (for example, children worked with).',
  },
  {
    measure: 'Cases behind a figure',
    definition:
      'Each count shown as a link lists the cases it counts. A case counted more than once in one figure (for example, with two investigations) is listed once.',
  },
  {
    measure: 'Direction of travel',
    definition:
      'This period against the one before. Better or worse only where a direction is clearly good or bad: fewer working days to respond and more responses on time are better; more complaints progressing beyond Stage 1 is worse; more complaints is neither.',
  },
];
