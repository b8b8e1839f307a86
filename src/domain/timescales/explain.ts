import { formatLongDate, type IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import { unitWord, type ClockResult, type ClockStatus } from './clock-engine.ts';
import type { ClockRule, StartEvent } from './rules.ts';
import { START_EVENT_LABELS } from './rules.ts';

/** "1 working day", "3 working days", "6 months". */
export function amount(n: number, rule: Pick<ClockRule, 'unit'>): string {
  const word = unitWord(rule);
  return `${n} ${n === 1 ? word.replace(/s$/, '') : word}`;
}

export const STATUS_LABELS: Record<ClockStatus, { response: string; window: string }> = {
  not_started: { response: 'Not started', window: 'Not open yet' },
  on_time: { response: 'On time', window: 'Open' },
  due_soon: { response: 'Due soon', window: 'Closing soon' },
  overdue: { response: 'Overdue', window: 'Closed' },
  paused: { response: 'Paused', window: 'Paused' },
  met_within_base: { response: 'Met within timescale', window: 'Asked in time' },
  met_within_extension: { response: 'Met within extension', window: 'Asked within extension' },
  missed: { response: 'Missed', window: 'Asked late' },
  closed_before_due: { response: 'Not needed: case closed', window: 'Case closed' },
};

/**
 * A deadline, in sentences a complaints officer can read out: where it
 * started, how many days, which days were skipped and why, each pause and
 * extension, and the result.
 */
export function explainClock(
  rule: ClockRule,
  startEvent: StartEvent,
  result: ClockResult,
  calendar: WorkingDayCalendar,
): string[] {
  const lines: string[] = [];
  const d = formatLongDate;
  if (!result.startedOn) {
    lines.push(`Not started: it starts on ${START_EVENT_LABELS[startEvent]}, which has not happened yet.`);
    return lines;
  }
  const start = result.restartedOn ?? result.startedOn;
  lines.push(`Starts ${d(result.startedOn)} (${START_EVENT_LABELS[startEvent]}), counted as day 0.`);
  if (result.restartedOn)
    lines.push(`Restarted ${d(result.restartedOn)} when new concerns were added; counting begins again from that day.`);
  lines.push(
    `${amount(rule.days, rule)} → due ${d(result.baseDueOn!)}.` +
      (rule.unit === 'working_days'
        ? ' Working days are Monday to Friday, except bank holidays and council closure days.'
        : ''),
  );
  if (rule.unit === 'working_days' && result.dueOn) {
    const last = result.completedOn && result.completedOn > result.dueOn ? result.completedOn : result.dueOn;
    const skipped = safeSkipped(calendar, start, last);
    if (skipped.length)
      lines.push(
        `Skipped: ${skipped.map((s) => `${d(s.date)} ${s.name}${s.provisional ? ' (provisional)' : ''}`).join('; ')}.`,
      );
    if (isProvisional(rule, result, calendar))
      lines.push(
        `Provisional: this counts working days in ${yearsWord(calendar.provisionalYears.filter((y) => y >= Number(start.slice(0, 4)) && y <= Number(last.slice(0, 4))))}, ` +
          'whose bank holidays GOV.UK has not published yet. They are worked out from the usual rules, and the date may move when the published list is loaded.',
      );
  }
  for (const p of result.pauses) {
    lines.push(
      p.to
        ? `Paused ${d(p.from)} to ${d(p.to)} (${p.reason}): ${amount(p.days, rule)} not counted.`
        : `Paused since ${d(p.from)} (${p.reason}): ${amount(p.days, rule)} not counted so far; the due date moves on each day it stays paused.`,
    );
  }
  for (const e of result.extensions) {
    const how = e.days ? `by ${amount(e.days, rule)}` : `to ${d(e.to!)}`;
    const agreed = e.complainantAgreed
      ? ` with the complainant's agreement${e.agreedOn ? ` on ${d(e.agreedOn)}` : ''}`
      : '';
    lines.push(`Extended ${how} on ${d(e.on)}${agreed} (${e.reason}).`);
  }
  if (result.extendedDueOn)
    lines.push(
      `With extensions: ${amount(result.allowedDays, rule)} (at most ${rule.extendableTo}) → due ${d(result.extendedDueOn)}.`,
    );
  for (const i of result.ignored)
    lines.push(
      `Not applied: the ${i.kind} event of ${d(i.on)}, because ${i.why.charAt(0).toLowerCase()}${i.why.slice(1)}.`,
    );
  const label = STATUS_LABELS[result.status][rule.kind];
  if (result.caseClosedOn)
    lines.push(
      result.status === 'missed'
        ? `The case closed ${d(result.caseClosedOn)} without it, after the due date: missed.`
        : `The case closed ${d(result.caseClosedOn)} without it, before it was due: no longer needed.`,
    );
  else if (result.completedOn)
    lines.push(
      `Done ${d(result.completedOn)}, after ${amount(result.daysUsed ?? 0, rule.unit === 'months' ? { unit: 'calendar_days' } : rule)}: ${label.toLowerCase()}.`,
    );
  else if (result.status === 'overdue')
    lines.push(`${label}: ${amount(-(result.daysRemaining ?? 0), rule)} past the due date.`);
  else if (result.daysRemaining !== null) lines.push(`${label}: ${amount(result.daysRemaining, rule)} left.`);
  lines.push(`Rule: ${rule.source}.`);
  return lines;
}

/**
 * Whether a clock's date counts working days across a year whose bank
 * holidays are computed, not published: it may move when GOV.UK's list comes.
 * Only working days depend on the calendar.
 */
export function isProvisional(
  rule: Pick<ClockRule, 'unit'>,
  result: Pick<ClockResult, 'startedOn' | 'restartedOn' | 'dueOn' | 'completedOn'>,
  calendar: WorkingDayCalendar,
): boolean {
  if (rule.unit !== 'working_days' || !result.startedOn || !result.dueOn || calendar.provisionalYears.length === 0)
    return false;
  const start = result.restartedOn ?? result.startedOn;
  const last = result.completedOn && result.completedOn > result.dueOn ? result.completedOn : result.dueOn;
  try {
    return calendar.provisionalBetween(start, last);
  } catch {
    return false;
  }
}

function yearsWord(years: number[]): string {
  if (years.length <= 1) return String(years[0] ?? '');
  return `${years.slice(0, -1).join(', ')} and ${years[years.length - 1]}`;
}

function safeSkipped(calendar: WorkingDayCalendar, from: IsoDate, to: IsoDate) {
  try {
    return calendar.nonWorkingWeekdaysBetween(from, to);
  } catch {
    return [];
  }
}
