/**
 * A Heard's set-up written as a set-up file (format.ts), so that loading the
 * export into an empty Heard gives the same organisation and lists.
 */
import { stringify } from 'yaml';
import { REFERENCE_KINDS, codeFromLabel } from '../reference-data/kinds.ts';
import type { CurrentSetup } from './plan.ts';

type Unit = CurrentSetup['units'][number];

function unitFields(u: Unit, parentOpened: string | null) {
  return {
    ...(u.openedOn !== parentOpened ? { opened: u.openedOn } : {}),
    ...(u.defaultProcedure ? { defaultProcedure: u.defaultProcedure } : {}),
    ...(u.closedOn ? { closed: u.closedOn } : {}),
  };
}

const byName = (a: Unit, b: Unit) => a.name.localeCompare(b.name, 'en-GB');

/** The set-up file's value for a Heard's set-up: directorates, services and teams by name; each list in its order. */
export function setupFileOf(current: CurrentSetup) {
  const children = (id: string, kind: Unit['kind']) =>
    current.units.filter((u) => u.parentId === id && u.kind === kind).sort(byName);
  const organisation = current.units
    .filter((u) => u.kind === 'directorate')
    .sort(byName)
    .map((d) => {
      const services = children(d.id, 'service').map((s) => {
        const teams = children(s.id, 'team').map((t) => {
          const fields = unitFields(t, s.openedOn);
          return Object.keys(fields).length ? { name: t.name, ...fields } : t.name;
        });
        return { name: s.name, ...unitFields(s, d.openedOn), ...(teams.length ? { teams } : {}) };
      });
      return {
        directorate: d.name,
        opened: d.openedOn,
        ...unitFields(d, d.openedOn),
        ...(services.length ? { services } : {}),
      };
    });
  const referenceData: Record<string, unknown[]> = {};
  for (const kind of REFERENCE_KINDS) {
    const items = current.items.filter((i) => i.kind === kind);
    if (!items.length) continue;
    referenceData[kind] = items.map((i) => {
      const extra = {
        ...(i.code !== codeFromLabel(i.label) ? { code: i.code } : {}),
        ...(i.financial ? { financial: true } : {}),
        ...(i.isChild ? { child: true } : {}),
        ...(i.active ? {} : { retired: true }),
      };
      return Object.keys(extra).length ? { label: i.label, ...extra } : i.label;
    });
  }
  return { organisation, referenceData };
}

/** The set-up as YAML text, with a line saying what it is. */
export function setupYaml(current: CurrentSetup, heading = 'Heard set-up'): string {
  return `# ${heading}: load with "heard setup load FILE" or Administration > Set up from a file\n${stringify(setupFileOf(current), { lineWidth: 0 })}`;
}
