import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Permission, Role } from '../domain/access/roles.ts';
import type { DatabaseHandle } from '../db/database.ts';
import * as s from '../db/schema/index.ts';
import type { Actor } from '../services/actor.ts';
import type { Services } from '../services/index.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { Browser, testApp } from '../../test/support/web.ts';
import type { RouteAccess, RouteTableEntry } from './middleware/route-access.ts';

/**
 * Every route in fastify's route table, for every role and for no one, on a
 * case allocated to the investigating manager and on one that is not,
 * checked against the README's "Who can do what" table, written out here
 * on its own (not read from the code under test):
 *
 * | administrator          | everything, including teams, reference data and staff accounts |
 * | complaints officer     | see and change every case; see reports and audit trails |
 * | investigating manager  | see and change only the cases allocated to them |
 * | senior manager         | see every case (read-only), its audit trail and letters, and the reports |
 * | report viewer          | see figures and reports, never a case |
 */
const README_GRANTS: Record<Role, readonly Permission[]> = {
  administrator: ['cases.read.all', 'cases.write.all', 'reports.read', 'admin.manage', 'audit.read'],
  complaints_officer: ['cases.read.all', 'cases.write.all', 'reports.read', 'audit.read'],
  investigating_manager: ['cases.read.allocated', 'cases.write.allocated', 'reports.read'],
  senior_manager: ['cases.read.all', 'reports.read', 'audit.read'],
  report_viewer: ['reports.read'],
};
const ROLES = Object.keys(README_GRANTS) as Role[];
type Who = Role | 'anonymous';

function expectedAllowed(who: Who, access: RouteAccess, allocated: boolean): boolean {
  if (access.kind === 'public') return true;
  if (who === 'anonymous') return false;
  if (access.kind === 'signed-in') return true;
  const granted = access.anyOf.filter((p) => README_GRANTS[who].includes(p));
  if (granted.length === 0) return false;
  // "…only the cases allocated to them": an allocated-only grant reaches no other case.
  return allocated || granted.some((p) => p.endsWith('.all')) || !access.anyOf.some((p) => p.startsWith('cases.'));
}

/** Rules from the README that hold whatever a route declares: they catch a route declaring too much. */
function readmeRule(who: Who, route: RouteTableEntry): boolean | null {
  const staffOnly = route.access?.kind !== 'public';
  if (!staffOnly) return null;
  if (route.url.startsWith('/admin')) return who === 'administrator';
  if (route.url.includes(':reference') && (who === 'report_viewer' || who === 'anonymous')) return false;
  if (route.method === 'POST' && route.url.startsWith('/cases') && who === 'senior_manager') return false;
  if ((route.url.startsWith('/reports') || route.url === '/dashboard') && who !== 'anonymous') return true;
  return null;
}

describe('who can use each route (generated from the route table)', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let app: FastifyInstance;
  const browsers = new Map<Who, Browser>();
  const users = new Map<Role, { id: string; email: string }>();
  const cases: Record<'allocated' | 'other', { reference: string; ids: Record<string, string> }> = { allocated: { reference: '', ids: {} }, other: { reference: '', ids: {} } };
  const fixtures: Record<string, string> = {};

  async function caseWithEverything(officer: Actor, teamId: string, managerId: string | null) {
    const made = await makeCase(svc, officer, { subject: 'A complaint with everything' });
    await svc.triage.apply(officer, made.id, { type: 'complaint', procedure: 'childrens_statutory', procedureReason: 'Social care', decision: 'stage1', teamId, investigatingManagerId: managerId ?? users.get('complaints_officer')!.id, acknowledgedOn: null });
    const investigation = await svc.casework.addInvestigation(officer, made.id, 'stage1', { teamId, investigatorName: 'Ivy Investigator', startedOn: '2024-06-03' });
    const [remedyType] = await svc.referenceData.list('remedy_type');
    await svc.casework.addRemedy(officer, made.id, 'stage1', { remedyTypeId: remedyType!.id, description: 'An apology' });
    const [actionType] = await svc.referenceData.list('action_type');
    const action = await svc.casework.addAction(officer, made.id, { actionTypeId: actionType!.id, text: 'Call back within two days', ownerName: 'Olive Officer', dueOn: '2024-07-01' });
    const letter = await svc.letters.issue(officer, made.id, { templateKey: 'acknowledgement', subject: 'Your complaint', body: 'We have your complaint.', delivery: 'word' });
    await svc.letters.issue(officer, made.id, { templateKey: 'acknowledgement', subject: 'Your complaint', body: 'We have your complaint.', delivery: 'email', to: 'parent@example.com' });
    await svc.attachments.add(officer, made.id, [{ fileName: 'note.txt', contentType: 'text/plain', content: Buffer.from('a note') } as never]);
    const [attachment] = await handle.db.select({ id: s.attachments.id }).from(s.attachments).where(eq(s.attachments.caseId, made.id));
    const [remedy] = await handle.db.select({ id: s.remedies.id }).from(s.remedies).innerJoin(s.stages, eq(s.stages.id, s.remedies.stageId)).where(eq(s.stages.caseId, made.id));
    return { reference: made.reference, ids: { investigation, action, letter, attachment: attachment!.id, remedy: remedy!.id } };
  }

  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    app = await testApp(svc);
    for (const role of ROLES) {
      const { user } = await makeUser(svc, role, { email: `${role.replace(/_/g, '.')}@authz.example.gov.uk` });
      users.set(role, { id: user.id, email: user.email });
    }
    const officer: Actor = { userId: users.get('complaints_officer')!.id, role: 'complaints_officer', label: 'officer' };
    const team = await makeTeam(svc, officer, 'Assessment Team');
    cases.allocated = await caseWithEverything(officer, team.id, users.get('investigating_manager')!.id);
    cases.other = await caseWithEverything(officer, team.id, null);
    // Things the administration routes name, made for the test so that changing them harms nothing else.
    const admin: Actor = { userId: users.get('administrator')!.id, role: 'administrator', label: 'admin' };
    fixtures.team = (await makeTeam(svc, admin, 'Spare Team')).id;
    fixtures.user = (await makeUser(svc, 'report_viewer', { email: 'spare@authz.example.gov.uk' })).user.id;
    fixtures.policy = (await handle.db.select({ id: s.timescalePolicies.id }).from(s.timescalePolicies).limit(1))[0]!.id;
    fixtures.theme = (await svc.referenceData.list('theme'))[0]!.id;
    fixtures.notification = (await handle.db.select({ id: s.notifications.id }).from(s.notifications).limit(1))[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    await svc.calendar.addClosureDay(admin, { date: '2024-12-27', description: 'Council closure' });
    browsers.set('anonymous', new Browser(app));
    for (const role of ROLES) {
      const b = new Browser(app);
      const res = await b.signIn(users.get(role)!.email, TEST_PASSWORD);
      assert.equal(res.statusCode, 302, `${role} signs in`);
      browsers.set(role, b);
    }
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  /** The address to try for a route, with real values for its parameters. */
  function addressFor(url: string, which: 'allocated' | 'other'): string {
    const c = cases[which];
    const value = (name: string): string => {
      switch (name) {
        case 'reference':
          return c.reference;
        case 'attachmentId':
          return c.ids.attachment!;
        case 'kind':
          return url.startsWith('/admin/reference-data') ? 'theme' : 'stage1';
        case 'route':
          return 'adult';
        case 'step':
          return 'type';
        case 'table':
          return 'by-type';
        case 'date':
          return '2024-12-27';
        case 'key':
          return 'acknowledgement';
        case '*':
          return url.startsWith('/assets') ? 'images/favicon.ico' : 'application.css';
        case 'id': {
          const byUrl: [RegExp, string | undefined][] = [
            [/^\/admin\/teams\//, fixtures.team],
            [/^\/admin\/users\//, fixtures.user],
            [/^\/admin\/timescales\//, fixtures.policy],
            [/^\/admin\/reference-data\//, fixtures.theme],
            [/^\/outbox\//, fixtures.notification],
            [/\/investigations\//, c.ids.investigation],
            [/\/remedies\//, c.ids.remedy],
            [/\/actions\//, c.ids.action],
            [/\/letters\//, c.ids.letter],
          ];
          const found = byUrl.find(([re]) => re.test(url));
          assert.ok(found, `The authorisation test has no value for :id in ${url}: add one`);
          return found[1]!;
        }
        default:
          assert.fail(`The authorisation test has no value for :${name} in ${url}: add one`);
      }
    };
    const path = url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) => (name ? encodeURIComponent(value(name)) : value('*')));
    return path + (QUERIES[url] ?? '');
  }

  /** What a route needs beyond its parameters to reach the point where it decides. */
  const QUERIES: Record<string, string> = { '/cases/:reference/letters/new': '?template=acknowledgement', '/reports/annual/cases': '?table=by-type&row=0' };
  const BODIES: Record<string, Record<string, string>> = { '/cases/:reference/letters': { templateKey: 'acknowledgement', subject: 'Your complaint', body: 'Text', delivery: 'word' } };

  async function attempt(who: Who, method: string, url: string, address: string) {
    const b = browsers.get(who)!;
    if (method === 'GET') return b.get(address);
    await b.get(who === 'anonymous' ? '/sign-in' : '/account/password'); // a page with a fresh CSRF token
    return b.post(address, BODIES[url] ?? {});
  }

  function outcome(res: { statusCode: number; headers: Record<string, unknown> }): 'allowed' | 'denied' | 'not found' | 'error' {
    if (res.statusCode >= 500) return 'error';
    if (res.statusCode === 401 || res.statusCode === 403) return 'denied';
    if (res.statusCode === 302 && String(res.headers.location).startsWith('/sign-in')) return 'denied';
    if (res.statusCode === 404) return 'not found';
    return 'allowed';
  }

  it('every route declares who may use it, and the table holds the routes a user sees', () => {
    const table = app.routeTable();
    assert.ok(table.length > 80, `the route table has ${table.length} routes`);
    assert.deepEqual(
      table.filter((r) => r.access === null).map((r) => `${r.method} ${r.url}`),
      [],
    );
    for (const url of ['/', '/cases/:reference', '/admin/users', '/reports/annual/cases', '/feedback/:route/:step', '/account/password']) {
      assert.ok(table.some((r) => r.url === url), `${url} is in the table`);
    }
  });

  it('answers every route, for every role and no one, as the README says', { timeout: 600_000 }, async () => {
    const table = app.routeTable().filter((r) => r.method !== 'HEAD' && r.url !== '/sign-out' && !(r.url === '/account/password' && r.method === 'POST'));
    const wrong: string[] = [];
    // Reading first, then changing: a change an allowed role makes cannot hide a later refusal.
    const ordered = [...table.filter((r) => r.method === 'GET'), ...table.filter((r) => r.method !== 'GET')];
    for (const route of ordered) {
      const variants: ('allocated' | 'other')[] = route.url.includes(':reference') ? ['allocated', 'other'] : ['allocated'];
      for (const which of variants) {
        const address = addressFor(route.url, which);
        // Refused identities first, so that an allowed change happens last.
        const whos: Who[] = (['anonymous', ...ROLES] as Who[]).sort((a, b) => Number(expectedAllowed(a, route.access!, which === 'allocated')) - Number(expectedAllowed(b, route.access!, which === 'allocated')));
        for (const who of whos) {
          const expected = expectedAllowed(who, route.access!, which === 'allocated');
          const rule = readmeRule(who, route);
          if (rule !== null && rule !== expected) wrong.push(`${route.method} ${route.url} declares ${JSON.stringify(route.access)}, which lets ${who} ${expected ? 'in' : 'not in'}; the README says otherwise`);
          const res = await attempt(who, route.method, route.url, address);
          const got = outcome(res);
          // A public route may answer "not found" (first-run setup once there are accounts); a staff route
          // allowed to someone must not, since "not found" is how a case not allocated to them is refused.
          const ok = got === 'error' ? false : expected ? got === 'allowed' || (got === 'not found' && route.access!.kind === 'public') : got === 'denied' || got === 'not found';
          if (!ok) wrong.push(`${who} ${route.method} ${address} (${which} case): expected ${expected ? 'allowed' : 'refused'}, got ${res.statusCode} ${got}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
