import { financialYearStart, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../../../domain/calendar/working-days.ts';
import type { Role } from '../../../domain/access/roles.ts';
import type { ReferenceKind } from '../../../domain/reference-data/kinds.ts';
import type * as s from '../../../db/schema/index.ts';
import { Random } from '../random.ts';

export type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export interface DemoUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  managerId: string | null;
}

export interface DemoData {
  orgUnits: Insert<typeof s.orgUnits>[];
  orgUnitNames: Insert<typeof s.orgUnitNames>[];
  users: DemoUser[];
  people: Insert<typeof s.people>[];
  cases: Insert<typeof s.feedbackCases>[];
  typeChanges: Insert<typeof s.caseTypeChanges>[];
  procedureChanges: Insert<typeof s.caseProcedureChanges>[];
  themes: Insert<typeof s.caseThemes>[];
  parties: Insert<typeof s.caseParties>[];
  compliments: Insert<typeof s.compliments>[];
  stages: Insert<typeof s.stages>[];
  stagePeople: Insert<typeof s.stagePeople>[];
  investigations: Insert<typeof s.investigations>[];
  heads: Insert<typeof s.complaintHeads>[];
  remedies: Insert<typeof s.remedies>[];
  learning: Insert<typeof s.learningPoints>[];
  actions: Insert<typeof s.actions>[];
  clockEvents: Insert<typeof s.clockEvents>[];
  contextFigures: Insert<typeof s.contextFigures>[];
  lastReferenceNumber: number;
}

export interface DemoOptions {
  today: IsoDate;
  calendar: WorkingDayCalendar;
  /** Reference item ids by kind and code. */
  refs: Record<ReferenceKind, Map<string, string>>;
  referencePrefix: string;
  /** Complete financial years before the current one. */
  years?: number;
  /** Cases of feedback in a full year. */
  casesPerYear?: number;
  seed?: number;
  /** Leave out the detail (stages, people, learning) for a quick bulk set. */
  casesOnly?: boolean;
}

/**
 * What every phase of the generator shares: the options, the one random
 * source (phases draw from it in a fixed order, so the same seed gives the
 * same council), the rows made so far, and small helpers.
 */
export interface DemoContext {
  opts: DemoOptions;
  r: Random;
  cal: WorkingDayCalendar;
  today: IsoDate;
  years: number;
  perYear: number;
  currentFy: number;
  firstFy: number;
  out: DemoData;
  /** A reference item's id; the demo needs it to exist. */
  ref(kind: ReferenceKind, code: string): string;
  refOrNull(kind: ReferenceKind, code: string): string | null;
  /** The first day of the month n months before today's. */
  monthsAgo(n: number): IsoDate;
  /** Whether a date has happened by today. */
  past(d: IsoDate | null | undefined): d is IsoDate;
  /** A timestamp on a date (10:00 UTC). */
  at(date: IsoDate): Date;
}

export function demoContext(opts: DemoOptions): DemoContext {
  const today = opts.today;
  const years = opts.years ?? 3;
  const currentFy = financialYearStart(today);
  return {
    opts,
    r: new Random(opts.seed ?? 20240401),
    cal: opts.calendar,
    today,
    years,
    perYear: opts.casesPerYear ?? 205,
    currentFy,
    firstFy: currentFy - years,
    out: {
      orgUnits: [],
      orgUnitNames: [],
      users: [],
      people: [],
      cases: [],
      typeChanges: [],
      procedureChanges: [],
      themes: [],
      parties: [],
      compliments: [],
      stages: [],
      stagePeople: [],
      investigations: [],
      heads: [],
      remedies: [],
      learning: [],
      actions: [],
      clockEvents: [],
      contextFigures: [],
      lastReferenceNumber: 0,
    },
    ref(kind, code) {
      const id = opts.refs[kind].get(code);
      if (!id) throw new Error(`Demo data needs reference item ${kind}/${code}`);
      return id;
    },
    refOrNull: (kind, code) => opts.refs[kind].get(code) ?? null,
    monthsAgo(n) {
      const y = Number(today.slice(0, 4));
      const m = Number(today.slice(5, 7)) - 1 - n;
      const yy = y + Math.floor(m / 12);
      const mm = ((m % 12) + 12) % 12;
      return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
    },
    past: (d): d is IsoDate => !!d && d <= today,
    at: (date) => new Date(`${date}T10:00:00Z`),
  };
}
