import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  MATCH_THRESHOLD,
  phoneDigits,
  postcodeKey,
  scoreMatch,
  type PersonDetails,
} from '../domain/people/matching.ts';
import type { Database } from '../db/database.ts';
import { caseParties, feedbackCases, people } from '../db/schema/index.ts';

export interface PersonMatch {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  persistentFlag: boolean;
  score: number;
  reasons: string[];
  cases: { reference: string; type: string; receivedOn: string; role: string; status: string }[];
}

/** Finds people we may already know, with their earlier cases, so repeat complainants are visible at intake. */
export function peopleService(db: Database) {
  return {
    async findMatches(query: PersonDetails, limit = 5): Promise<PersonMatch[]> {
      const ors: SQL[] = [];
      if (query.email?.trim()) ors.push(sql`lower(${people.email}) = ${query.email.trim().toLowerCase()}`);
      const digits = phoneDigits(query.phone);
      if (digits.length >= 10)
        ors.push(
          sql`regexp_replace(coalesce(${people.phone}, ''), '[^0-9]', '', 'g') in (${digits}, ${digits.startsWith('0') ? `44${digits.slice(1)}` : digits})`,
        );
      if (query.familyName?.trim())
        ors.push(sql`lower(${people.familyName}) = ${query.familyName.trim().toLowerCase()}`);
      if (postcodeKey(query.postcode))
        ors.push(sql`replace(upper(coalesce(${people.postcode}, '')), ' ', '') = ${postcodeKey(query.postcode)}`);
      if (ors.length === 0) return [];
      const candidates = await db
        .select()
        .from(people)
        .where(and(isNull(people.anonymisedAt), or(...ors)))
        .limit(200);
      const scored = candidates
        .map((c) => ({ c, ...scoreMatch(query, c) }))
        .filter((m) => m.score >= MATCH_THRESHOLD)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
      if (scored.length === 0) return [];
      const caseRows = await db
        .select({
          personId: caseParties.personId,
          role: caseParties.role,
          reference: feedbackCases.reference,
          type: feedbackCases.type,
          receivedOn: feedbackCases.receivedOn,
          status: feedbackCases.status,
        })
        .from(caseParties)
        .innerJoin(feedbackCases, eq(feedbackCases.id, caseParties.caseId))
        .where(
          inArray(
            caseParties.personId,
            scored.map((m) => m.c.id),
          ),
        )
        .orderBy(desc(feedbackCases.receivedOn));
      return scored.map(({ c, score, reasons }) => ({
        id: c.id,
        name: [c.givenName, c.familyName].filter(Boolean).join(' ') || '(name not given)',
        email: c.email,
        phone: c.phone,
        postcode: c.postcode,
        persistentFlag: c.persistentFlag,
        score,
        reasons,
        cases: caseRows.filter((r) => r.personId === c.id).map(({ personId: _p, ...rest }) => rest),
      }));
    },
  };
}
export type PeopleService = ReturnType<typeof peopleService>;
