import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import type { Database } from '../db/database.ts';
import { publicationSettings, users } from '../db/schema/index.ts';
import { DEFAULT_THRESHOLD, THRESHOLD_LIMITS, type PublicationSetting } from '../reports/publication.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { parseCommand } from './commands.ts';

const { min, max } = THRESHOLD_LIMITS;

/** What an administrator may set (Administration → Publishing the report). */
export const PublicationSettingCommand = z.object({
  threshold: z.coerce
    .number({ error: `Enter the threshold as a whole number from ${min} to ${max}` })
    .int(`Enter the threshold as a whole number from ${min} to ${max}`)
    .min(min, `The threshold must be ${min} or more: below that, “fewer than ${min - 1}” would give the number away`)
    .max(max, `The threshold must be ${max} or less`),
});

/** The setting in force, with who last changed it and when (none: the default, never changed). */
export interface PublicationSettingView extends PublicationSetting {
  changedBy: string | null;
  changedAt: Date | null;
}

/** The publication setting: read by every published output, set by an administrator (audited). */
export function publicationSettingsService(db: Database, clock: Clock) {
  return {
    /** The setting the published edition uses now. */
    async current(): Promise<PublicationSetting> {
      const [row] = await db.select({ threshold: publicationSettings.threshold }).from(publicationSettings).limit(1);
      return { threshold: row?.threshold ?? DEFAULT_THRESHOLD };
    },

    async view(): Promise<PublicationSettingView> {
      const [row] = await db
        .select({
          threshold: publicationSettings.threshold,
          changedBy: users.displayName,
          changedAt: publicationSettings.updatedAt,
        })
        .from(publicationSettings)
        .leftJoin(users, eq(users.id, publicationSettings.updatedBy))
        .limit(1);
      return row
        ? { threshold: row.threshold, changedBy: row.changedBy ?? null, changedAt: row.changedAt }
        : { threshold: DEFAULT_THRESHOLD, changedBy: null, changedAt: null };
    },

    async update(actor: Actor, input: unknown): Promise<void> {
      const v = parseCommand(PublicationSettingCommand, input);
      await db.transaction(async (tx) => {
        const [before] = await tx.select().from(publicationSettings).for('update');
        const values = { threshold: v.threshold, updatedBy: actor.userId, updatedAt: clock.now() };
        await tx
          .insert(publicationSettings)
          .values({ id: 1, ...values })
          .onConflictDoUpdate({ target: publicationSettings.id, set: values });
        await recordAudit(tx, clock, actor, {
          action: 'settings.publication',
          entity: 'publication_settings',
          entityId: '1',
          before: { threshold: before?.threshold ?? DEFAULT_THRESHOLD },
          after: { threshold: v.threshold },
        });
      });
    },
  };
}
export type PublicationSettingsService = ReturnType<typeof publicationSettingsService>;
