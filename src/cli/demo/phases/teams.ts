import { addCalendarDays, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import { DEMO_DIRECTORATE, DEMO_SERVICES, DEMO_TEAMS, type DemoTeam } from '../organisation.ts';
import type { DemoContext } from './context.ts';

export interface DemoOrganisation {
  teamIds: Map<string, string>;
  /** The teams open on a date that pass the filter. */
  teamsOpenOn(date: IsoDate, filter: (t: DemoTeam) => boolean): DemoTeam[];
}

/** Phase 1, the organisation: the directorate, its services and teams, with a renamed team and a replaced one. */
export function generateOrganisation(ctx: DemoContext): DemoOrganisation {
  const { r, out, firstFy, monthsAgo } = ctx;
  const opened = `${firstFy - 5}-04-01`;
  const directorateId = r.uuid();
  out.orgUnits.push({ id: directorateId, kind: 'directorate', parentId: null, openedOn: opened });
  out.orgUnitNames.push({ orgUnitId: directorateId, name: DEMO_DIRECTORATE, validFrom: opened });
  const serviceIds = new Map<string, string>();
  for (const name of DEMO_SERVICES) {
    const id = r.uuid();
    serviceIds.set(name, id);
    out.orgUnits.push({ id, kind: 'service', parentId: directorateId, openedOn: opened });
    out.orgUnitNames.push({ orgUnitId: id, name, validFrom: opened });
  }
  const teamIds = new Map<string, string>();
  for (const t of DEMO_TEAMS) teamIds.set(t.key, r.uuid());
  const teamWindow = new Map<string, { from: IsoDate; to: IsoDate | null }>();
  for (const t of DEMO_TEAMS) {
    const id = teamIds.get(t.key)!;
    const closedOn = t.replacedBy ? addCalendarDays(monthsAgo(t.replacedBy.closedMonthsAgo), -1) : null;
    const replacement = DEMO_TEAMS.find((x) => x.replacedBy?.key === t.key);
    const openedOn = replacement ? monthsAgo(replacement.replacedBy!.closedMonthsAgo) : opened;
    teamWindow.set(t.key, { from: openedOn, to: closedOn });
    out.orgUnits.push({
      id,
      kind: 'team',
      parentId: serviceIds.get(t.service)!,
      openedOn,
      closedOn,
      successorId: t.replacedBy ? teamIds.get(t.replacedBy.key)! : null,
    });
    if (t.renamedTo) {
      const from = monthsAgo(t.renamedTo.fromMonthsAgo);
      out.orgUnitNames.push({ orgUnitId: id, name: t.name, validFrom: openedOn, validTo: addCalendarDays(from, -1) });
      out.orgUnitNames.push({ orgUnitId: id, name: t.renamedTo.name, validFrom: from });
    } else {
      out.orgUnitNames.push({ orgUnitId: id, name: t.name, validFrom: openedOn, validTo: closedOn });
    }
  }
  return {
    teamIds,
    teamsOpenOn: (date, filter) =>
      DEMO_TEAMS.filter((t) => {
        const w = teamWindow.get(t.key)!;
        return filter(t) && w.from <= date && (w.to === null || date <= w.to);
      }),
  };
}
