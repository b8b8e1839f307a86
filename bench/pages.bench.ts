import { eq } from 'drizzle-orm';
import * as s from '../src/db/schema/index.ts';
import { SYSTEM_ACTOR } from '../src/services/actor.ts';
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
      await app.close();
    } finally {
      await handle.close();
    }
  }
}
