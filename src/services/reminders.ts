import { and, isNull, ne } from 'drizzle-orm';
import type { Clock } from '../domain/clock.ts';
import { addCalendarDays, dayOfWeek, formatLongDate, londonDate } from '../domain/calendar/iso-date.ts';
import { CLOCK_LABELS } from '../domain/timescales/clock-names.ts';
import type { Database } from '../db/database.ts';
import { feedbackCases, users } from '../db/schema/index.ts';
import type { NotificationsService } from './notifications/notifications.ts';
import type { TimescalesService } from './timescales.ts';

export interface ReminderRun {
  reminders: number;
  escalations: number;
  summaries: number;
}

/**
 * Chasing, done by Heard: a reminder to the investigating manager when a
 * response is due soon, a message to their manager when it is missed, and a
 * weekly summary to each investigating manager and the complaints team. Every
 * message has a key made of what it is about (case, clock, due date, week),
 * so running this again — after a restart, or on a second server — never
 * sends the same message twice.
 */
export function remindersService(
  db: Database,
  clock: Clock,
  deps: { timescales: TimescalesService; notifications: NotificationsService; councilName: string },
) {
  return {
    async run(): Promise<ReminderRun> {
      const today = londonDate(clock.now());
      const open = await db
        .select({
          id: feedbackCases.id,
          reference: feedbackCases.reference,
          subject: feedbackCases.subject,
          managerId: feedbackCases.investigatingManagerId,
          status: feedbackCases.status,
        })
        .from(feedbackCases)
        .where(and(ne(feedbackCases.status, 'closed'), isNull(feedbackCases.mergedIntoId)));
      const staff = await db
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          role: users.role,
          managerId: users.managerId,
          active: users.active,
        })
        .from(users);
      const byId = new Map(staff.map((u) => [u.id, u]));
      const officers = staff.filter((u) => u.active && u.role === 'complaints_officer');
      const next = await deps.timescales.nextClocks(open.map((c) => c.id));
      const outcome: ReminderRun = { reminders: 0, escalations: 0, summaries: 0 };
      const line = (c: (typeof open)[number]) => {
        const n = next.get(c.id);
        return `- ${c.reference}: ${c.subject}${n ? ` (${CLOCK_LABELS[n.clock].toLowerCase()} due ${formatLongDate(n.result.dueOn!)})` : ''}`;
      };

      await db.transaction(async (tx) => {
        for (const c of open) {
          const n = next.get(c.id);
          const manager = c.managerId ? byId.get(c.managerId) : undefined;
          if (!n || !n.result.dueOn || !manager?.active) continue;
          const what = CLOCK_LABELS[n.clock].toLowerCase();
          if (n.result.status === 'due_soon') {
            if (
              await deps.notifications.enqueue(tx, {
                caseId: c.id,
                dedupeKey: `reminder:${c.id}:${n.clock}:${n.result.dueOn}`,
                template: 'reminder',
                to: manager.email,
                subject: `Due ${formatLongDate(n.result.dueOn)}: ${c.reference}`,
                body: [
                  `Dear ${manager.displayName},`,
                  '',
                  `The ${what} for ${c.reference} (${c.subject}) is due on ${formatLongDate(n.result.dueOn)}.`,
                  'If it will be late, agree an extension with the complainant and record it on the case.',
                  '',
                  deps.councilName,
                ].join('\n'),
              })
            )
              outcome.reminders++;
          }
          if (n.result.status === 'overdue') {
            const boss = manager.managerId ? byId.get(manager.managerId) : undefined;
            const recipients = boss?.active ? [boss] : officers;
            for (const r of recipients) {
              if (
                await deps.notifications.enqueue(tx, {
                  caseId: c.id,
                  dedupeKey: `overdue:${c.id}:${n.clock}:${n.result.dueOn}:${r.id}`,
                  template: 'escalation',
                  to: r.email,
                  subject: `Overdue: ${c.reference}`,
                  body: [
                    `Dear ${r.displayName},`,
                    '',
                    `The ${what} for ${c.reference} (${c.subject}) was due on ${formatLongDate(n.result.dueOn)} and has not been done. ${manager.displayName} is the investigating manager.`,
                    '',
                    deps.councilName,
                  ].join('\n'),
                })
              )
                outcome.escalations++;
            }
          }
        }

        // The weekly summary, once a week (Monday to Sunday), on the first run of the week.
        const monday = addCalendarDays(today, -((dayOfWeek(today) + 6) % 7));
        const sunday = addCalendarDays(monday, 6);
        const dueThisWeek = (c: (typeof open)[number]) => {
          const d = next.get(c.id)?.result.dueOn;
          return !!d && d >= monday && d <= sunday && next.get(c.id)?.result.status !== 'overdue';
        };
        const overdue = (c: (typeof open)[number]) => next.get(c.id)?.result.status === 'overdue';
        const summary = (
          who: { id: string; email: string; displayName: string },
          cases: typeof open,
          withUnallocated: boolean,
        ) => {
          const due = cases.filter(dueThisWeek);
          const late = cases.filter(overdue);
          const unallocated = withUnallocated ? cases.filter((c) => !c.managerId) : [];
          if (due.length + late.length + unallocated.length === 0) return null;
          return {
            caseId: null,
            dedupeKey: `weekly:${monday}:${who.id}`,
            template: 'weekly-summary',
            to: who.email,
            subject: `Complaints this week (from ${formatLongDate(monday)}): ${late.length} overdue, ${due.length} due`,
            body: [
              `Dear ${who.displayName},`,
              '',
              `Overdue (${late.length}):`,
              ...(late.length ? late.map(line) : ['- None']),
              '',
              `Due this week (${due.length}):`,
              ...(due.length ? due.map(line) : ['- None']),
              ...(withUnallocated
                ? [
                    '',
                    `Not allocated to an investigating manager (${unallocated.length}):`,
                    ...(unallocated.length ? unallocated.map(line) : ['- None']),
                  ]
                : []),
              '',
              deps.councilName,
            ].join('\n'),
          };
        };
        for (const m of staff.filter((u) => u.active && u.role === 'investigating_manager')) {
          const s = summary(
            m,
            open.filter((c) => c.managerId === m.id),
            false,
          );
          if (s && (await deps.notifications.enqueue(tx, s))) outcome.summaries++;
        }
        for (const o of officers) {
          const s = summary(o, open, true);
          if (s && (await deps.notifications.enqueue(tx, s))) outcome.summaries++;
        }
      });
      return outcome;
    },
  };
}
export type RemindersService = ReturnType<typeof remindersService>;
