import { londonDate, type IsoDate } from '../../domain/calendar/iso-date.ts';
import type { Clock } from '../../domain/clock.ts';
import { DomainError } from '../errors.ts';
import type { NotificationsService } from './notifications.ts';

/** How far back the catch-up looks for an acknowledgement email whose case was not marked. */
const LOOK_BACK_DAYS = 14;

/**
 * Acknowledgement emails sent in the last fortnight whose case was not marked acknowledged (a server
 * stopped between the two, or marking it failed): marked now, on the London day each email went, by
 * `acknowledge` (the same as the after-send hook; ADR 0020). The cases that cannot be marked are
 * returned with the reason, for the log, once: this catch-up leaves them out of its later looks rather
 * than let them take a place in every batch.
 */
export function sentAcknowledgementsCatchUp(deps: {
  clock: Clock;
  notifications: Pick<NotificationsService, 'acknowledgementsNotRecorded'>;
  acknowledge: (caseId: string, on: IsoDate) => Promise<boolean>;
}) {
  const refusedBefore = new Set<string>();
  return async function recordSentAcknowledgements(): Promise<{
    recorded: number;
    refused: { caseId: string; reason: string }[];
  }> {
    const since = new Date(deps.clock.now().getTime() - LOOK_BACK_DAYS * 86_400_000);
    let recorded = 0;
    const refused: { caseId: string; reason: string }[] = [];
    for (const { caseId, sentAt } of await deps.notifications.acknowledgementsNotRecorded(since, [...refusedBefore])) {
      try {
        if (await deps.acknowledge(caseId, londonDate(sentAt))) recorded++;
      } catch (err) {
        // Refused by the case (its received date moved after the email, say) or gone; a database failure is not.
        if (!(err instanceof DomainError)) throw err;
        refusedBefore.add(caseId);
        refused.push({ caseId, reason: err.message });
      }
    }
    return { recorded, refused };
  };
}
