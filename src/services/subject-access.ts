import { sql } from 'drizzle-orm';
import { zipSync, strToU8 } from 'fflate';
import { londonDate } from '../domain/calendar/iso-date.ts';
import type { Clock } from '../domain/clock.ts';
import { redactor, type RedactedPerson } from '../domain/retention/redact.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { idArray } from '../db/id-array.ts';
import { toCsv } from '../reports/csv.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit-trail.ts';
import { DomainError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ThirdParty {
  personId: string;
  name: string;
  role: string;
  references: string[];
}

interface PersonRow extends RedactedPerson {
  id: string;
  date_of_birth: string | null;
  address_line2: string | null;
  town: string | null;
}

/** Record fields a requester reads: ids, versions and storage keys are Heard's own bookkeeping. */
const SKIPPED = /(^id$|_id$|^version$|^storage_key$|^sha256$|^code_hash$|^salt$)/;

function recordText(title: string, rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const blocks = rows.map((r) =>
    Object.entries(r)
      .filter(([k, v]) => !SKIPPED.test(k) && v !== null && v !== '')
      .map(
        ([k, v]) =>
          `${k.replaceAll('_', ' ')}: ${v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
      )
      .join('\n'),
  );
  return `== ${title} ==\n${blocks.join('\n\n')}\n\n`;
}

async function bytesOf(store: FileStore, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(key)) chunks.push(Buffer.from(c as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A date or time as ISO text (PGlite gives Date objects, node-postgres strings for dates). */
const when = (v: unknown): string =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v);

const safePart = (s: string) => s.replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 120) || 'file';

/**
 * Subject access (UK GDPR article 15): everything Heard holds about one or
 * more people, as one zip with an index, after the officer has chosen which
 * third parties on their cases to redact. Staff names are kept: they acted
 * for the council. Exporting is audited (who, whose, how many items), never
 * with the contents.
 */
export function subjectAccessService(db: Database, clock: Clock, files: FileStore) {
  async function subjects(personIds: readonly string[]): Promise<PersonRow[]> {
    const ids = personIds.filter((id) => UUID.test(id));
    if (ids.length === 0) throw new DomainError('SAR.NONE', 'Choose at least one person', 'personIds');
    return rowsOf<PersonRow>(
      await db.execute(sql`select id, given_name as "givenName", family_name as "familyName", email, phone, address_line1 as "addressLine1",
          address_line2, town, postcode, date_of_birth from people where id = any(${idArray(ids)})`),
    );
  }
  async function caseIdsOf(personIds: readonly string[]): Promise<string[]> {
    return rowsOf<{ case_id: string }>(
      await db.execute(sql`select distinct case_id from case_parties where person_id = any(${idArray(personIds)})`),
    ).map((r) => r.case_id);
  }

  return {
    /** People whose name, email, phone or postcode contains the words (anonymised people hold nothing to export). */
    async search(
      text: string,
    ): Promise<{ id: string; name: string; email: string | null; postcode: string | null; cases: string[] }[]> {
      const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
      if (words.length === 0) return [];
      const each = words.map(
        (w) =>
          sql`strpos(lower(pe.given_name || ' ' || pe.family_name || ' ' || coalesce(pe.email, '') || ' ' || coalesce(pe.phone, '') || ' ' || coalesce(pe.postcode, '')), ${w}) > 0`,
      );
      const rows = rowsOf<{
        id: string;
        name: string;
        email: string | null;
        postcode: string | null;
        cases: string[] | null;
      }>(
        await db.execute(sql`select pe.id, trim(pe.given_name || ' ' || pe.family_name) as name, pe.email, pe.postcode,
            (select array_agg(distinct f.reference) from case_parties cp join feedback_cases f on f.id = cp.case_id where cp.person_id = pe.id) as cases
          from people pe where pe.anonymised_at is null and ${sql.join(each, sql` and `)}
          order by pe.family_name, pe.given_name limit 50`),
      );
      return rows.map((r) => ({ ...r, cases: r.cases ?? [] }));
    },

    /** The people chosen, by name: the review page shows whose data is being released. */
    async names(personIds: readonly string[]): Promise<{ id: string; name: string }[]> {
      return (await subjects(personIds)).map((p) => ({
        id: p.id,
        name: `${p.givenName} ${p.familyName}`.trim() || '(name not given)',
      }));
    },

    /** The other people on the requesters' cases: the names the officer may redact. */
    async thirdParties(personIds: readonly string[]): Promise<ThirdParty[]> {
      const who = (await subjects(personIds)).map((p) => p.id);
      const rows = rowsOf<{ person_id: string; name: string; role: string; reference: string }>(
        await db.execute(sql`select cp.person_id, trim(pe.given_name || ' ' || pe.family_name) as name, cp.role, f.reference
          from case_parties cp join people pe on pe.id = cp.person_id join feedback_cases f on f.id = cp.case_id
          where cp.case_id = any(${idArray(await caseIdsOf(who))}) and not (cp.person_id = any(${idArray(who)}))
          order by name, f.reference`),
      );
      const byPerson = new Map<string, ThirdParty>();
      for (const r of rows) {
        const t = byPerson.get(r.person_id) ?? {
          personId: r.person_id,
          name: r.name || '(name not given)',
          role: r.role,
          references: [],
        };
        if (!t.references.includes(r.reference)) t.references.push(r.reference);
        byPerson.set(r.person_id, t);
      }
      return [...byPerson.values()];
    },

    /** The zip: an index (index.csv), then a folder per case, and the people's own records and audit entries. */
    async export(
      actor: Actor,
      personIds: readonly string[],
      redactIds: readonly string[],
    ): Promise<{ fileName: string; content: Buffer; items: number }> {
      const people = await subjects(personIds);
      const who = people.map((p) => p.id);
      const caseIds = await caseIdsOf(who);
      const inCases = await this.thirdParties(who);
      const chosen = redactIds.filter((id) => inCases.some((t) => t.personId === id));
      const redacted = chosen.length
        ? rowsOf<RedactedPerson>(
            await db.execute(sql`select given_name as "givenName", family_name as "familyName", email, phone, address_line1 as "addressLine1", postcode
              from people where id = any(${idArray(chosen)})`),
          )
        : [];
      const redact = redactor(
        redacted,
        people.map((p) => p.familyName),
      );
      const entries: Record<string, Uint8Array> = {};
      const index: (string | number)[][] = [['File', 'What it is', 'Case', 'Date']];
      const add = (path: string, what: string, reference: string, date: string, content: string | Uint8Array) => {
        const name = redact(path);
        entries[name] = typeof content === 'string' ? strToU8(redact(content)) : content;
        index.push([name, what, reference, date]);
      };
      const q = async (query: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await db.execute(query));

      add(
        'your-details.txt',
        'The details Heard holds about you',
        '',
        londonDate(clock.now()),
        recordText(
          'Person',
          people.map(({ id: _i, ...p }) => p as unknown as Record<string, unknown>),
        ),
      );
      const personAudit = await q(sql`select occurred_at, actor_label, action, before, after from audit_events
        where entity in ('person', 'data_rights_request') and (entity_id = any(${idArray(who, 'text')}) or after->>'personId' = any(${idArray(who, 'text')})) order by id`);
      const requests = await q(
        sql`select kind, received_on, request, action, outcome, recorded_at from data_rights_requests where person_id = any(${idArray(who)}) order by recorded_at`,
      );
      if (requests.length)
        add('your-requests.txt', 'Rectification and erasure requests', '', '', recordText('Request', requests));
      if (personAudit.length)
        add(
          'your-audit-trail.csv',
          'Audit entries about you not tied to one case',
          '',
          '',
          toCsv([
            ['When', 'Who', 'What', 'Before', 'After'],
            ...personAudit.map((a) => [
              when(a.occurred_at),
              String(a.actor_label),
              String(a.action),
              JSON.stringify(a.before),
              JSON.stringify(a.after),
            ]),
          ]),
        );

      const cases = await q(
        sql`select * from feedback_cases where id = any(${idArray(caseIds)}) order by received_on, reference`,
      );
      for (const c of cases) {
        const id = String(c.id);
        const ref = String(c.reference);
        const received = when(c.received_on);
        const parties =
          await q(sql`select cp.role, pe.given_name, pe.family_name, pe.email, pe.phone, pe.address_line1, pe.address_line2, pe.town, pe.postcode, pe.date_of_birth
          from case_parties cp join people pe on pe.id = cp.person_id where cp.case_id = ${id} order by cp.created_at`);
        const stageRows = await q(sql`select * from stages where case_id = ${id} order by created_at`);
        const investigations = await q(
          sql`select i.summary, i.investigator_name, i.outcome, i.started_on, i.responded_on, s.kind as stage from investigations i join stages s on s.id = i.stage_id where s.case_id = ${id}`,
        );
        const heads = await q(
          sql`select h.position, h.summary, h.finding, h.outcome from complaint_heads h join investigations i on i.id = h.investigation_id join stages s on s.id = i.stage_id where s.case_id = ${id} order by h.position`,
        );
        const remedies = await q(
          sql`select m.description, m.amount_pence, m.paid_to, m.due_on, m.completed_on from remedies m join stages s on s.id = m.stage_id where s.case_id = ${id}`,
        );
        const learning = await q(sql`select text, recorded_on from learning_points where case_id = ${id}`);
        const actions = await q(sql`select text, owner_name, due_on, completed_on from actions where case_id = ${id}`);
        const clocks = await q(
          sql`select clock, kind, occurred_on, reason from clock_events where case_id = ${id} order by occurred_on`,
        );
        const { id: _i, ...caseFields } = c;
        add(
          `${ref}/case.txt`,
          'The case record, its people, stages, findings, remedies, learning and notes',
          ref,
          received,
          recordText('Case', [caseFields]) +
            recordText('People on the case', parties) +
            recordText('Stages', stageRows) +
            recordText('Investigations', investigations) +
            recordText('Points of complaint', heads) +
            recordText('Remedies', remedies) +
            recordText('Learning', learning) +
            recordText('Actions', actions) +
            recordText('Extensions and pauses', clocks),
        );
        const letters = await q(
          sql`select subject, body, delivery, to_address, created_at from letters where case_id = ${id} order by created_at`,
        );
        letters.forEach((l, i) =>
          add(
            `${ref}/letters/${String(i + 1).padStart(2, '0')}.txt`,
            `Letter: ${String(l.subject)}`,
            ref,
            when(l.created_at),
            `Subject: ${String(l.subject)}\nSent: ${when(l.created_at)} (${String(l.delivery)}${l.to_address ? ` to ${String(l.to_address)}` : ''})\n\n${String(l.body)}\n`,
          ),
        );
        const messages = await q(
          sql`select to_address, subject, body, status, created_at, sent_at from notifications where case_id = ${id} order by created_at`,
        );
        messages.forEach((m, i) =>
          add(
            `${ref}/messages/${String(i + 1).padStart(2, '0')}.txt`,
            `Message: ${String(m.subject)}`,
            ref,
            when(m.created_at),
            `To: ${String(m.to_address)}\nSubject: ${String(m.subject)}\nStatus: ${String(m.status)}\n\n${String(m.body)}\n`,
          ),
        );
        const attachments = await q(
          sql`select file_name, storage_key, uploaded_at from attachments where case_id = ${id} order by uploaded_at`,
        );
        for (const [i, a] of attachments.entries())
          add(
            `${ref}/attachments/${String(i + 1).padStart(2, '0')} ${safePart(String(a.file_name))}`,
            'A document sent to or kept by the council (as received: read it and redact by hand before release)',
            ref,
            when(a.uploaded_at),
            await bytesOf(files, String(a.storage_key)),
          );
        const audit = await q(
          sql`select occurred_at, actor_label, action, before, after from audit_events where case_id = ${id} order by id`,
        );
        add(
          `${ref}/audit-trail.csv`,
          'Every recorded change to the case: who, what and when',
          ref,
          '',
          toCsv([
            ['When', 'Who', 'What', 'Before', 'After'],
            ...audit.map((a) => [
              when(a.occurred_at),
              String(a.actor_label),
              String(a.action),
              JSON.stringify(a.before),
              JSON.stringify(a.after),
            ]),
          ]),
        );
      }
      entries['index.csv'] = strToU8(toCsv(index));
      await recordAudit(db, clock, actor, {
        action: 'subject_access.export',
        entity: 'person',
        entityId: who[0] ?? null,
        after: { personIds: who, cases: cases.length, items: index.length - 1, thirdPartiesRedacted: chosen.length },
      });
      return {
        fileName: `subject-access-${londonDate(clock.now())}.zip`,
        content: Buffer.from(zipSync(entries, { level: 6 })),
        items: index.length - 1,
      };
    },
  };
}
export type SubjectAccessService = ReturnType<typeof subjectAccessService>;
