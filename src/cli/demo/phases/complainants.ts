import { addCalendarDays } from '../../../domain/calendar/iso-date.ts';
import { DEMO_CHILD_GIVEN, DEMO_FAMILY, DEMO_GIVEN } from '../organisation.ts';
import type { DemoContext } from './context.ts';

/** A parent or carer and their child. */
export interface DemoComplainant {
  id: string;
  childId: string;
  childAge: number;
  family: string;
}

/**
 * Phase 3, people: a pool of complainants, each with a child, a few of whom come
 * back again and again (one is managed under the persistent contact policy).
 * Gives the way cases pick their complainant.
 */
export function generateComplainants(ctx: DemoContext): () => DemoComplainant {
  const { r, out, ref, opts, perYear, years, firstFy, currentFy } = ctx;
  const complainantPool: DemoComplainant[] = [];
  const poolSize = opts.casesOnly ? 40 : Math.max(40, Math.round(perYear * (years + 1) * 0.7));
  for (let i = 0; i < poolSize; i++) {
    const family = r.pick(DEMO_FAMILY);
    const id = r.uuid();
    const childId = r.uuid();
    const given = r.pick(DEMO_GIVEN);
    out.people.push({
      id,
      givenName: given,
      familyName: family,
      email: r.chance(0.8) ? `${given.toLowerCase()}.${family.toLowerCase()}${i}@example.com` : null,
      phone: r.chance(0.7) ? `07700 9${String(r.int(0, 99999)).padStart(5, '0')}` : null,
      postcode: `SY${r.int(1, 9)} ${r.int(1, 9)}${r.pick(['AB', 'DE', 'HJ', 'LN', 'PQ', 'RT'])}`,
      persistentFlag: false,
    });
    const childAge = r.int(1, 17);
    out.people.push({
      id: childId,
      givenName: r.pick(DEMO_CHILD_GIVEN),
      familyName: family,
      dateOfBirth: addCalendarDays(`${firstFy}-06-01`, -childAge * 365 - r.int(0, 300)),
      ethnicityId: ref(
        'ethnicity',
        r.weighted([
          ['WBRI', 78],
          ['WOTH', 4],
          ['MWBC', 3],
          ['MWAS', 2],
          ['AIND', 2],
          ['APKN', 2],
          ['BAFR', 2],
          ['WROM', 1],
          ['OOTH', 1],
          ['NOBT', 5],
        ] as const),
      ),
    });
    complainantPool.push({ id, childId, childAge, family });
  }
  const persistent = complainantPool[0]!;
  const persistentPerson = out.people.find((p) => p.id === persistent.id)!;
  Object.assign(persistentPerson, {
    persistentFlag: true,
    persistentFlaggedOn: `${currentFy - 1}-09-01`,
    persistentReviewOn: `${currentFy}-09-01`,
    persistentContactPlan: 'One named contact in the complaints team; written contact only.',
  });
  // Zipf-like: the first few complainants are picked far more often.
  return () =>
    complainantPool[Math.min(complainantPool.length - 1, Math.floor(complainantPool.length * r.next() ** 2.2))]!;
}
