import { refreshStatistics } from '../db/statistics.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from './index.ts';

/**
 * Work the server does on its own: sending queued email (and retrying), and
 * tidying expired sessions and abandoned uploads. Each tick runs to the end
 * before the next is scheduled, so ticks never overlap; errors are logged and
 * the next tick tries again.
 */
export function startBackgroundWork(
  svc: Services,
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>,
  opts: { everyMs?: number; refreshStatistics?: boolean } = {},
): { stop: () => Promise<void> } {
  const everyMs = opts.everyMs ?? 15_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastTidy = 0;

  // Each piece on its own: one that fails (a case that cannot be saved, a server out of reach) is logged and
  // tried again at the next tick, and never stops the pieces after it.
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      log.error({ err, step: name }, 'background work failed; will try again');
    }
  };
  const tick = async () => {
    await step('notifications', async () => {
      const sent = await svc.notifications.sendDue(50);
      if (sent.sent || sent.failed || sent.retrying) log.info({ sent }, 'notifications');
    });
    // Cases changed since the last tick get their report documents rebuilt, so reports stay fast.
    await step('report documents', () => svc.reports.refreshFacts());
    // Files on forms never sent go an hour after they were added: checked every tick, as an hourly tidy
    // could keep them two.
    await step('staged uploads', () => svc.intake.purgeStaleUploads());
    // Off unless an administrator turned it on; claimed by one server a day, so it runs once however many there are.
    await step('bank holidays', async () => {
      const refreshed = await svc.bankHolidays.refreshIfDue();
      if (refreshed) log.info({ refreshed }, 'bank holidays refresh');
    });
    const now = svc.clock.now().getTime();
    if (now - lastTidy > 3600_000) {
      lastTidy = now;
      // Reminders are keyed by what they are about, so an hourly run adds only what is new.
      await step('reminders', async () => {
        const chased = await svc.reminders.run();
        if (chased.reminders || chased.escalations || chased.summaries) log.info({ chased }, 'reminders');
      });
      // An acknowledgement email whose case a stopped server did not mark acknowledged is marked now (on the
      // day the email went), and a case that may not be is said.
      await step('acknowledgements', async () => {
        const { recorded, refused } = await svc.recordSentAcknowledgements();
        if (recorded) log.info({ recorded }, 'acknowledgements recorded after their email was sent');
        for (const r of refused)
          log.warn(
            { caseId: r.caseId, reason: r.reason },
            'acknowledgement email sent, but the case cannot be marked acknowledged',
          );
      });
      await step('sessions', () => svc.sessions.purgeExpired());
      await step('sign-in records', () => svc.users.purgeSignInRecords());
      // PGlite runs no autovacuum: without fresh statistics a database that grew case by case keeps
      // its first estimates, and the report's joins can be planned badly. PostgreSQL does this itself.
      if (opts.refreshStatistics) await step('statistics', () => refreshStatistics(svc.db));
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
        schedule();
      });
    }, everyMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
