import { eq } from 'drizzle-orm';
import * as s from '../src/db/schema/index.ts';
import { SYSTEM_ACTOR } from '../src/services/actor.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import type { Services } from '../src/services/index.ts';
import { Browser, testApp } from '../test/support/web.ts';
import { loadDemoCouncil } from './demo-council.ts';
import { benchEngines } from './targets.ts';
import { ms, rows, sample } from './harness.ts';

/**
 * The staff pages an officer opens all day, answered by the real app (routes,
 * templates, services, database) over the demo council, signed in as a
 * complaints officer: p95 of 30 requests after warming up. The network is
 * left out (requests are injected), so this is the server's own time.
 */
export async function pagesBench(casesPerYear?: number): Promise<void> {
  for (const engine of await benchEngines()) {
    const handle = await engine.open();
    try {
      const { svc, data } = await loadDemoCouncil(handle, { years: 3, casesPerYear: casesPerYear ?? 205, seed: 11 });
      const password = 'bench officer password 1';
      await svc.users.create(SYSTEM_ACTOR, {
        email: 'bench.officer@example.gov.uk',
        displayName: 'Bench Officer',
        role: 'complaints_officer',
        password,
      });
      const app = await testApp(svc);
      const b = new Browser(app);
      await b.signIn('bench.officer@example.gov.uk', password);
      const [fresh] = await handle.db
        .select({ reference: s.feedbackCases.reference })
        .from(s.feedbackCases)
        .where(eq(s.feedbackCases.status, 'new'))
        .limit(1);
      const [open] = await handle.db
        .select({ reference: s.feedbackCases.reference, subject: s.feedbackCases.subject })
        .from(s.feedbackCases)
        .where(eq(s.feedbackCases.status, 'open'))
        .limit(1);
      const size = `${data.cases.length.toLocaleString('en-GB')} cases (demo)`;
      const pages: [string, string][] = [
        ['Case list (/cases)', '/cases'],
        ['Case list, open, sorted by team', '/cases?status=open&sort=team'],
        ['Triage queue', '/triage'],
        ...(fresh ? ([['Triage a case', `/cases/${fresh.reference}/triage`]] as [string, string][]) : []),
        ['Dashboard', '/dashboard'],
        ...(open ? ([['Case page', `/cases/${open.reference}`]] as [string, string][]) : []),
        ['Actions register', '/actions'],
      ];
      for (const [name, url] of pages) {
        const r = await sample(async () => {
          const res = await b.get(url);
          if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        }, 30);
        rows.push({
          benchmark: `Page: ${name}`,
          engine: engine.name,
          size,
          result: `p95 ${ms(r.p95)} (p50 ${ms(r.p50)})`,
          target: 'p95 < 200 ms',
        });
      }
      if (open) {
        // A save that goes through the guard, the audit trail and the redirect back to the case.
        await b.get(`/cases/${open.reference}/details`);
        const csrf = b.csrf();
        const r = await sample(async () => {
          const res = await b.post(`/cases/${open.reference}/details`, { subject: open.subject }, { csrf });
          if (res.statusCode !== 302) throw new Error(`details save answered ${res.statusCode}`);
        }, 30);
        rows.push({
          benchmark: 'Save: case details',
          engine: engine.name,
          size,
          result: `p95 ${ms(r.p95)} (p50 ${ms(r.p50)})`,
          target: 'p95 < 200 ms',
        });
      }
      await saveBench(b, svc, handle, engine.name, size);
      await app.close();
    } finally {
      await handle.close();
    }
  }
}

/**
 * The saves an officer makes all day, each on a case of its own so that
 * every request does the real work: triage (accept at Stage 1, with a team),
 * a stage's dates, and closing a case.
 */
async function saveBench(
  b: Browser,
  svc: Services,
  handle: DatabaseHandle,
  engine: string,
  size: string,
): Promise<void> {
  const [team] = await handle.db
    .select({ id: s.orgUnits.id })
    .from(s.orgUnits)
    .where(eq(s.orgUnits.kind, 'team'))
    .limit(1);
  const fresh = async (type: 'complaint' | 'compliment') => {
    const c = await svc.cases.create(SYSTEM_ACTOR, {
      type,
      receivedOn: '2026-11-16',
      subject: 'Bench case',
      description: 'A case made for the page-timing bench.',
    });
    return c.reference;
  };
  const measure = async (
    benchmark: string,
    make: () => Promise<string>,
    save: (ref: string) => Promise<{ statusCode: number; body: string }>,
  ) => {
    const refs: string[] = [];
    for (let i = 0; i < 40; i++) refs.push(await make());
    let next = 0;
    const r = await sample(async () => {
      const ref = refs[next++]!;
      const res = await save(ref);
      if (res.statusCode !== 302)
        throw new Error(`${benchmark} on ${ref} answered ${res.statusCode}: ${problems(res.body)}`);
    }, 30);
    rows.push({ benchmark, engine, size, result: `p95 ${ms(r.p95)} (p50 ${ms(r.p50)})`, target: 'p95 < 200 ms' });
  };
  const manager = await svc.users.create(SYSTEM_ACTOR, {
    email: 'bench.manager@example.gov.uk',
    displayName: 'Bench Manager',
    role: 'investigating_manager',
    password: 'bench manager password 1',
  });
  // One page's token for every save, so the timings are of the saves alone.
  await b.get('/cases');
  const csrf = b.csrf();
  const triage = async (ref: string) => {
    return b.post(
      `/cases/${ref}/triage`,
      {
        decision: 'stage1',
        type: 'complaint',
        procedure: 'childrens_statutory',
        procedureReason: 'About a child in need',
        teamId: team!.id,
        investigatingManagerId: manager.id,
      },
      { csrf },
    );
  };
  await measure('Save: triage a case (accept at Stage 1)', () => fresh('complaint'), triage);
  await measure(
    'Save: a stage’s dates (Stage 1 started)',
    async () => {
      const ref = await fresh('complaint');
      if ((await triage(ref)).statusCode !== 302) throw new Error(`could not triage ${ref}`);
      return ref;
    },
    async (ref) => {
      return b.post(
        `/cases/${ref}/stages/stage1`,
        {
          'startedOn-day': '17',
          'startedOn-month': '11',
          'startedOn-year': '2026',
        },
        { csrf },
      );
    },
  );
  await measure(
    'Save: close a case',
    async () => {
      const ref = await fresh('complaint');
      if ((await triage(ref)).statusCode !== 302) throw new Error(`could not triage ${ref}`);
      const res = await b.post(
        `/cases/${ref}/stages/stage1`,
        {
          'respondedOn-day': '19',
          'respondedOn-month': '11',
          'respondedOn-year': '2026',
          outcome: 'not_upheld',
          outcomeOverrideReason: 'Answered in one letter',
        },
        { csrf },
      );
      if (res.statusCode !== 302) throw new Error(`could not answer ${ref}: ${problems(res.body)}`);
      return ref;
    },
    async (ref) => {
      return b.post(
        `/cases/${ref}/status`,
        {
          action: 'close',
          'closedOn-day': '20',
          'closedOn-month': '11',
          'closedOn-year': '2026',
        },
        { csrf },
      );
    },
  );
}

/** The error summary's messages, so a bench that stops says why. */
function problems(body: string): string {
  const list = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return (
    list
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'no error summary'
  );
}
