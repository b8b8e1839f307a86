import { addCalendarDays, toDayNumber, type IsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-days.ts';
import type { ClockRule } from './rules.ts';

/**
 * One clock, computed from its rule, the calendar and its events. A pure
 * function: the same inputs always give the same deadline, and the result
 * carries what is needed to explain it.
 *
 * Counting conventions (docs/product.md, "Timescales and clocks": the day something happens is day 0):
 * - a clock started on day S is due on the N-th working day after S;
 * - a pause recorded on day P and lifted on day R stops the count for the
 *   working days after P up to and including R (the day the pause is lifted
 *   is that pause's day 0, as the start day is the clock's);
 * - an extension adds working days to the timescale (or moves the due date to
 *   an agreed date), never beyond the rule's cap;
 * - a restart (new concerns added, where the rule allows) starts the clock
 *   again from that day; earlier extensions and pauses no longer count.
 */
export type ClockEventInput =
  | {
      kind: 'extended';
      on: IsoDate;
      days?: number | null;
      to?: IsoDate | null;
      reason: string;
      complainantAgreed?: boolean | null;
      agreedOn?: IsoDate | null;
    }
  | { kind: 'paused'; on: IsoDate; reason: string }
  | { kind: 'resumed'; on: IsoDate; reason: string }
  | { kind: 'restarted'; on: IsoDate; reason: string };

export const CLOCK_STATUSES = [
  'not_started',
  'on_time',
  'due_soon',
  'overdue',
  'paused',
  'met_within_base',
  'met_within_extension',
  'missed',
  /** The case closed before the clock was due, without the thing it waited for (a complaint answered before it was acknowledged). */
  'closed_before_due',
] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

export interface ClockInput {
  rule: ClockRule;
  startedOn: IsoDate | null;
  completedOn: IsoDate | null;
  events: readonly ClockEventInput[];
  today: IsoDate;
  dueSoonDays: number;
}

export interface PausePeriod {
  from: IsoDate;
  to: IsoDate | null; // null: still paused
  reason: string;
  /** Working days (or calendar days for a calendar-day clock) not counted because of it, up to today or completion. */
  days: number;
}

export interface ClockResult {
  status: ClockStatus;
  startedOn: IsoDate | null;
  /** When the clock last (re)started, if a restart moved it. */
  restartedOn: IsoDate | null;
  /** Due with the base timescale, after pauses. */
  baseDueOn: IsoDate | null;
  /** Due with every extension, after pauses; null when not extended. */
  extendedDueOn: IsoDate | null;
  /** The due date in force: extended if extended, else base. */
  dueOn: IsoDate | null;
  baseDays: number;
  /** Timescale after extensions (working days, calendar days or months as the rule's unit). */
  allowedDays: number;
  /** Days counted so far (to completion, or to today), in working days, or calendar days for calendar-day and month clocks. Paused days are not counted. */
  daysUsed: number | null;
  /** Days left to the due date in force; negative when overdue; null when complete or not started. */
  daysRemaining: number | null;
  pauses: PausePeriod[];
  extensions: {
    on: IsoDate;
    days: number | null;
    to: IsoDate | null;
    reason: string;
    complainantAgreed: boolean | null;
    agreedOn: IsoDate | null;
  }[];
  /** Events that were refused as data (e.g. an extension beyond the cap), kept so the explanation can say why. */
  ignored: { on: IsoDate; kind: string; why: string }[];
  completedOn: IsoDate | null;
  /** Set when the case closed with this clock still running: the clock is judged as at that day, not today. */
  caseClosedOn?: IsoDate;
}

export type ExtensionCheck =
  | { ok: true; newAllowed: number }
  | {
      ok: false;
      code: 'CLOCK.NOT_EXTENDABLE' | 'CLOCK.EXTENSION_OVER_CAP' | 'CLOCK.AGREEMENT_REQUIRED' | 'CLOCK.BAD_EXTENSION';
      message: string;
    };

/**
 * Whether an extension may be recorded: the rule must allow extensions, the
 * complainant must have agreed where the rule says so, and the timescale with
 * every extension must stay within the cap.
 */
export function checkExtension(
  rule: ClockRule,
  alreadyAllowed: number,
  extension: { days?: number | null; toAllowed?: number | null; complainantAgreed?: boolean | null },
): ExtensionCheck {
  if (rule.extendableTo === null)
    return { ok: false, code: 'CLOCK.NOT_EXTENDABLE', message: 'This timescale cannot be extended' };
  if (rule.extensionNeedsAgreement && !extension.complainantAgreed)
    return {
      ok: false,
      code: 'CLOCK.AGREEMENT_REQUIRED',
      message: "This extension needs the complainant's agreement: record when they agreed",
    };
  const newAllowed = extension.toAllowed ?? alreadyAllowed + (extension.days ?? 0);
  if (!Number.isInteger(newAllowed) || newAllowed <= alreadyAllowed)
    return { ok: false, code: 'CLOCK.BAD_EXTENSION', message: 'An extension must make the timescale longer' };
  if (newAllowed > rule.extendableTo) {
    return {
      ok: false,
      code: 'CLOCK.EXTENSION_OVER_CAP',
      message: `The timescale can be extended to ${rule.extendableTo} ${unitWord(rule)} at most; this would make it ${newAllowed}`,
    };
  }
  return { ok: true, newAllowed };
}

export function unitWord(rule: Pick<ClockRule, 'unit'>): string {
  return rule.unit === 'working_days' ? 'working days' : rule.unit === 'calendar_days' ? 'calendar days' : 'months';
}

/** Adds months to a date, keeping the day where it exists (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  const d = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${yy}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Helpers live at module level, not inside computeClock: the engine runs millions of times and
// closures made per call (and the name-keeping wrappers a TypeScript runner adds to them) dominate its cost.
function countBetween(rule: ClockRule, calendar: WorkingDayCalendar, a: IsoDate, b: IsoDate): number {
  return rule.unit === 'working_days'
    ? calendar.workingDaysBetween(a, b)
    : Math.max(0, toDayNumber(b) - toDayNumber(a));
}

function addUnits(rule: ClockRule, calendar: WorkingDayCalendar, d: IsoDate, n: number): IsoDate {
  return rule.unit === 'working_days' ? calendar.addWorkingDays(d, n) : addCalendarDays(d, n);
}

/** Units not counted because of pauses that began before `date`, up to `date`. */
function pausedBefore(
  rule: ClockRule,
  calendar: WorkingDayCalendar,
  pauses: readonly PausePeriod[],
  date: IsoDate,
): number {
  let n = 0;
  for (const p of pauses)
    if (p.from < date) n += countBetween(rule, calendar, p.from, p.to && p.to < date ? p.to : date);
  return n;
}

/** The due date for a timescale of n units from start, pushed back by every pause that began before it. */
function dueFor(
  rule: ClockRule,
  calendar: WorkingDayCalendar,
  pauses: readonly PausePeriod[],
  start: IsoDate,
  n: number,
): IsoDate {
  if (rule.unit === 'months') {
    let due = addMonths(start, n);
    for (const p of pauses) if (p.from < due) due = addCalendarDays(due, p.days);
    return due;
  }
  let due = addUnits(rule, calendar, start, n);
  for (const p of pauses) if (p.from < due) due = addUnits(rule, calendar, due, p.days);
  return due;
}

function remainingBetween(rule: ClockRule, calendar: WorkingDayCalendar, a: IsoDate, b: IsoDate): number {
  return rule.unit === 'working_days' ? calendar.workingDaysBetween(a, b) : toDayNumber(b) - toDayNumber(a);
}

const NO_EVENTS: readonly ClockEventInput[] = [];
// Most clocks have no events: they share these empty lists (never written to) instead of allocating three arrays each.
const NONE_PAUSED: PausePeriod[] = [];
const NONE_EXTENDED: ClockResult['extensions'] = [];
const NONE_IGNORED: ClockResult['ignored'] = [];

export function computeClock(input: ClockInput, calendar: WorkingDayCalendar): ClockResult {
  const { rule, today } = input;
  if (!input.startedOn) {
    return {
      status: 'not_started',
      startedOn: null,
      restartedOn: null,
      baseDueOn: null,
      extendedDueOn: null,
      dueOn: null,
      baseDays: rule.days,
      allowedDays: rule.days,
      daysUsed: null,
      daysRemaining: null,
      pauses: [],
      extensions: [],
      ignored: [],
      completedOn: input.completedOn,
    };
  }

  // Events in date order; only those from the (re)start on count.
  const noEvents = input.events.length === 0;
  if (noEvents && rule.unit === 'working_days')
    return plainWorkingDayClock(rule, input.startedOn, input.completedOn, today, input.dueSoonDays, calendar);
  const events = noEvents ? NO_EVENTS : [...input.events].sort(byDate);
  let start = input.startedOn;
  let restartedOn: IsoDate | null = null;
  const ignored: ClockResult['ignored'] = noEvents ? NONE_IGNORED : [];
  for (const e of events) {
    if (e.kind !== 'restarted') continue;
    if (!rule.restartOnNewConcerns) {
      ignored.push({ on: e.on, kind: e.kind, why: 'this clock does not restart for new concerns' });
      continue;
    }
    if (e.on > start) {
      start = e.on;
      restartedOn = e.on;
    }
  }
  const end = input.completedOn ?? today;

  // Pauses: pair each pause with the next resume.
  const pauses: PausePeriod[] = noEvents ? NONE_PAUSED : [];
  let open: { from: IsoDate; reason: string } | null = null;
  for (const e of events) {
    if (e.on < start) continue;
    if (e.kind === 'paused') {
      if (open) ignored.push({ on: e.on, kind: e.kind, why: 'already paused' });
      else open = { from: e.on, reason: e.reason };
    } else if (e.kind === 'resumed') {
      if (!open) ignored.push({ on: e.on, kind: e.kind, why: 'not paused' });
      else {
        pauses.push({ from: open.from, to: e.on, reason: open.reason, days: 0 });
        open = null;
      }
    }
  }
  if (open) pauses.push({ from: open.from, to: null, reason: open.reason, days: 0 });
  for (const p of pauses) {
    const stop = p.to ?? end;
    p.days = stop > p.from ? countBetween(rule, calendar, p.from, stop) : 0;
  }

  // Extensions, each checked against the cap in order.
  let allowed = rule.days;
  const extensions: ClockResult['extensions'] = noEvents ? NONE_EXTENDED : [];
  for (const e of events) {
    if (e.kind !== 'extended' || e.on < start) continue;
    let toAllowed: number | null = null;
    if (e.to)
      toAllowed =
        rule.unit === 'months'
          ? monthsBetween(start, e.to)
          : countBetween(rule, calendar, start, e.to) - pausedBefore(rule, calendar, pauses, e.to);
    const check = checkExtension(rule, allowed, {
      days: e.days ?? null,
      toAllowed,
      complainantAgreed: e.complainantAgreed ?? null,
    });
    if (!check.ok) {
      ignored.push({ on: e.on, kind: e.kind, why: check.message });
      continue;
    }
    allowed = check.newAllowed;
    extensions.push({
      on: e.on,
      days: e.days ?? null,
      to: e.to ?? null,
      reason: e.reason,
      complainantAgreed: e.complainantAgreed ?? null,
      agreedOn: e.agreedOn ?? null,
    });
  }

  const baseDueOn = dueFor(rule, calendar, pauses, start, rule.days);
  const extendedDueOn = extensions.length ? dueFor(rule, calendar, pauses, start, allowed) : null;
  const dueOn = extendedDueOn ?? baseDueOn;
  const daysUsed =
    end <= start
      ? 0
      : (rule.unit === 'months'
          ? Math.max(0, toDayNumber(end) - toDayNumber(start))
          : countBetween(rule, calendar, start, end)) - pausedBefore(rule, calendar, pauses, end);
  const stillPaused = pauses.length > 0 && pauses[pauses.length - 1]!.to === null;

  let status: ClockStatus;
  let daysRemaining: number | null = null;
  if (input.completedOn) {
    status =
      input.completedOn <= baseDueOn
        ? 'met_within_base'
        : extendedDueOn && input.completedOn <= extendedDueOn
          ? 'met_within_extension'
          : 'missed';
  } else if (stillPaused) {
    status = 'paused';
    daysRemaining =
      today <= dueOn ? remainingBetween(rule, calendar, today, dueOn) : -remainingBetween(rule, calendar, dueOn, today);
  } else if (today > dueOn) {
    status = 'overdue';
    daysRemaining = -remainingBetween(rule, calendar, dueOn, today);
  } else {
    daysRemaining = remainingBetween(rule, calendar, today, dueOn);
    status = daysRemaining <= input.dueSoonDays ? 'due_soon' : 'on_time';
  }

  return {
    status,
    startedOn: input.startedOn,
    restartedOn,
    baseDueOn,
    extendedDueOn,
    dueOn,
    baseDays: rule.days,
    allowedDays: allowed,
    daysUsed,
    daysRemaining,
    pauses,
    extensions,
    ignored,
    completedOn: input.completedOn,
  };
}

/**
 * computeClock for the clock most cases run: working days, no pause, extension or restart. The same
 * answer as the general path, on the calendar's day numbers: most of a million cases' clocks come here
 * (case-clocks.ts calls it directly, without building computeClock's input).
 */
export function plainWorkingDayClock(
  rule: ClockRule,
  startedOn: IsoDate,
  completedOn: IsoDate | null,
  today: IsoDate,
  dueSoonDays: number,
  calendar: WorkingDayCalendar,
): ClockResult {
  const s = calendar.dayIndex(startedOn);
  const due = calendar.addWorkingDaysAt(s, rule.days);
  const dueOn = calendar.dateAt(due);
  let status: ClockStatus;
  let daysUsed: number;
  let daysRemaining: number | null = null;
  if (completedOn) {
    const c = calendar.dayIndex(completedOn);
    daysUsed = calendar.workingDaysBetweenAt(s, c);
    status = c <= due ? 'met_within_base' : 'missed';
  } else {
    const t = calendar.dayIndex(today);
    daysUsed = calendar.workingDaysBetweenAt(s, t);
    if (t > due) {
      status = 'overdue';
      daysRemaining = -calendar.workingDaysBetweenAt(due, t);
    } else {
      daysRemaining = calendar.workingDaysBetweenAt(t, due);
      status = daysRemaining <= dueSoonDays ? 'due_soon' : 'on_time';
    }
  }
  return {
    status,
    startedOn,
    restartedOn: null,
    baseDueOn: dueOn,
    extendedDueOn: null,
    dueOn,
    baseDays: rule.days,
    allowedDays: rule.days,
    daysUsed,
    daysRemaining,
    pauses: NONE_PAUSED,
    extensions: NONE_EXTENDED,
    ignored: NONE_IGNORED,
    completedOn,
  };
}

function byDate(a: ClockEventInput, b: ClockEventInput): number {
  return a.on < b.on ? -1 : a.on > b.on ? 1 : 0;
}

function monthsBetween(from: IsoDate, to: IsoDate): number {
  let n = 0;
  while (addMonths(from, n + 1) <= to) n++;
  return addMonths(from, n) < to ? n + 1 : n;
}
