import { prepareAfterBulkLoad } from '../../reports/facts.ts';
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { londonDate } from '../../domain/calendar/iso-date.ts';
import type { Clock } from '../../domain/clock.ts';
import { REFERENCE_KINDS, type ReferenceKind } from '../../domain/reference-data/kinds.ts';
import type { Database } from '../../db/database.ts';
import { insertChunked } from '../../db/bulk-insert.ts';
export { insertChunked };
import * as s from '../../db/schema/index.ts';
import { referenceDataService } from '../../services/reference-data.ts';
import { shippedCalendar } from '../../services/shipped-calendar.ts';
import { calendarService } from '../../services/calendar.ts';
import { timescalesService } from '../../services/timescales.ts';
import { policyInForce } from '../../domain/timescales/policy-in-force.ts';
import { generateDemoData, type DemoData, type DemoOptions } from './generate.ts';

export class DemoRefusedError extends Error {}

export interface DemoAccount {
  email: string;
  displayName: string;
  role: string;
  password: string;
}

export async function referenceIdMaps(db: Database): Promise<Record<ReferenceKind, Map<string, string>>> {
  const rows = await db
    .select({ kind: s.referenceItems.kind, code: s.referenceItems.code, id: s.referenceItems.id })
    .from(s.referenceItems);
  const maps = Object.fromEntries(REFERENCE_KINDS.map((k) => [k, new Map<string, string>()])) as Record<
    ReferenceKind,
    Map<string, string>
  >;
  for (const r of rows) maps[r.kind].set(r.code, r.id);
  return maps;
}

/** Writes generated data in one transaction: all of it, or none. */
export async function insertDemoData(
  db: Database,
  data: DemoData,
  passwords: Map<string, string>,
  clock: Clock,
  actorLabel: string,
): Promise<void> {
  const hashes = new Map<string, string>();
  for (const [id, pw] of passwords) hashes.set(id, await hash(pw));
  await db.transaction(async (tx) => {
    await insertChunked(
      tx,
      s.orgUnits,
      data.orgUnits.map((u) => ({ ...u, successorId: null })),
    );
    for (const u of data.orgUnits.filter((x) => x.successorId))
      await tx
        .update(s.orgUnits)
        .set({ successorId: u.successorId })
        .where(sql`${s.orgUnits.id} = ${u.id}`);
    await insertChunked(tx, s.orgUnitNames, data.orgUnitNames);
    await insertChunked(
      tx,
      s.users,
      data.users.map((u) => ({ ...u, managerId: null, passwordHash: hashes.get(u.id) ?? '!' })),
    );
    for (const u of data.users.filter((x) => x.managerId))
      await tx
        .update(s.users)
        .set({ managerId: u.managerId })
        .where(sql`${s.users.id} = ${u.id}`);
    await insertChunked(tx, s.people, data.people);
    await insertChunked(tx, s.feedbackCases, data.cases);
    await insertChunked(tx, s.caseTypeChanges, data.typeChanges);
    await insertChunked(tx, s.caseProcedureChanges, data.procedureChanges);
    await insertChunked(tx, s.caseThemes, data.themes);
    await insertChunked(tx, s.caseParties, data.parties);
    await insertChunked(tx, s.compliments, data.compliments);
    await insertChunked(tx, s.stages, data.stages);
    await insertChunked(tx, s.stagePeople, data.stagePeople);
    await insertChunked(tx, s.investigations, data.investigations);
    await insertChunked(tx, s.complaintHeads, data.heads);
    await insertChunked(tx, s.remedies, data.remedies);
    await insertChunked(tx, s.learningPoints, data.learning);
    await insertChunked(tx, s.actions, data.actions);
    await insertChunked(tx, s.clockEvents, data.clockEvents);
    await insertChunked(tx, s.contextFigures, data.contextFigures);
    const now = clock.now();
    await insertChunked(
      tx,
      s.auditEvents,
      data.cases.map((c) => ({
        occurredAt: now,
        actorId: null,
        actorLabel,
        action: c.migrated ? 'case.migrate' : 'case.create',
        entity: 'feedback_case',
        entityId: c.id,
        caseId: c.id,
        before: null,
        after: { reference: c.reference, type: c.type, receivedOn: c.receivedOn, source: 'demo data' },
      })),
    );
    await tx.execute(
      sql`select setval('case_reference_seq', greatest(${data.lastReferenceNumber}, (select last_value from case_reference_seq)))`,
    );
  });
  await prepareAfterBulkLoad(db);
}

/**
 * Loads the demo council into an empty Heard: three financial years of
 * Children's Services feedback and the year so far, with staff accounts for
 * every role. Refuses if any case exists, so it can never mix with real data.
 */
export async function loadDemoData(
  db: Database,
  clock: Clock,
  opts: { referencePrefix: string } & Partial<Pick<DemoOptions, 'years' | 'casesPerYear' | 'seed'>>,
): Promise<{ accounts: DemoAccount[]; cases: number }> {
  const [existing] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(s.feedbackCases);
  if ((existing?.n ?? 0) > 0)
    throw new DemoRefusedError(
      `This Heard already holds ${existing!.n} cases. Demo data is only loaded into an empty Heard; use a new data folder (HEARD_DATA_DIR) or database.`,
    );
  const [anyUnit] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(s.orgUnits);
  if ((anyUnit?.n ?? 0) > 0)
    throw new DemoRefusedError(
      'This Heard already has teams set up. Demo data is only loaded into an empty Heard; use a new data folder (HEARD_DATA_DIR) or database.',
    );
  await referenceDataService(db, clock).ensureDefaults();
  const calendar = calendarService(db, clock);
  const timescales = timescalesService(db, clock, calendar);
  await timescales.ensureDefaults();
  const data = generateDemoData({
    today: londonDate(clock.now()),
    calendar: shippedCalendar(),
    refs: await referenceIdMaps(db),
    referencePrefix: opts.referencePrefix,
    years: opts.years,
    casesPerYear: opts.casesPerYear,
    seed: opts.seed,
  });
  const policies = await timescales.all();
  for (const c of data.cases)
    if (c.procedure) c.timescalePolicyId = policyInForce(policies, c.procedure, c.receivedOn)?.id ?? null;
  const existingEmails = new Set((await db.select({ email: s.users.email }).from(s.users)).map((u) => u.email));
  data.users = data.users.filter((u) => !existingEmails.has(u.email));
  const passwords = new Map(data.users.map((u) => [u.id, randomBytes(9).toString('base64url')]));
  await insertDemoData(db, data, passwords, clock, 'Demo data loader');
  return {
    accounts: data.users.map((u) => ({
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      password: passwords.get(u.id)!,
    })),
    cases: data.cases.length,
  };
}
