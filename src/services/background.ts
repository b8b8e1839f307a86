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
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  opts: { everyMs?: number; refreshStatistics?: boolean } = {},
): { stop: () => Promise<void> } {
  const everyMs = opts.everyMs ?? 15_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastTidy = 0;

  const tick = async () => {
    try {
      const sent = await svc.notifications.sendDue(50);
      if (sent.sent || sent.failed || sent.retrying) log.info({ sent }, 'notifications');
      // An acknowledgement email whose case a stopped server did not mark acknowledged is marked now.
      const acknowledged = await svc.recordSentAcknowledgements();
      if (acknowledged) log.info({ acknowledged }, 'acknowledgements recorded after their email was sent');
      // Cases changed since the last tick get their report documents rebuilt, so reports stay fast.
      await svc.reports.refreshFacts();
      // Files on forms never sent go an hour after they were added: checked every tick, as an hourly tidy could keep them two.
      await svc.intake.purgeStaleUploads();
      // Off unless an administrator turned it on; claimed by one server a day, so it runs once however many there are.
      const refreshed = await svc.bankHolidays.refreshIfDue();
      if (refreshed) log.info({ refreshed }, 'bank holidays refresh');
      const now = svc.clock.now().getTime();
      if (now - lastTidy > 3600_000) {
        lastTidy = now;
        // Reminders are keyed by what they are about, so an hourly run adds only what is new.
        const chased = await svc.reminders.run();
        if (chased.reminders || chased.escalations || chased.summaries) log.info({ chased }, 'reminders');
        await svc.sessions.purgeExpired();
        await svc.users.purgeSignInRecords();
        // PGlite runs no autovacuum: without fresh statistics a database that grew case by case keeps
        // its first estimates, and the report's joins can be planned badly. PostgreSQL does this itself.
        if (opts.refreshStatistics) await refreshStatistics(svc.db);
      }
    } catch (err) {
      log.error({ err }, 'background work failed; will try again');
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
