import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Permission, Role } from '../domain/access/roles.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { testServices } from '../../test/support/factories.ts';
import { ROUTE_BODIES, RouteWorld } from '../../test/support/route-walk.ts';
import { testApp } from '../../test/support/web.ts';
import type { RouteAccess, RouteTableEntry } from './middleware/route-access.ts';

/**
 * Every route in fastify's route table, for every role and for no one, on a
 * case allocated to the investigating manager and on one that is not,
 * checked against the README's "Who can do what" table, written out here
 * on its own (not read from the code under test):
 *
 * | administrator          | everything, including teams, reference data and staff accounts |
 * | complaints officer     | see and change every case; see reports and audit trails; write the report's text |
 * | investigating manager  | see and change only the cases allocated to them |
 * | senior manager         | see every case (read-only), its audit trail and letters, and the reports |
 * | report viewer          | see figures and reports, never a case (nor the cases behind a figure) |
 */
const README_GRANTS: Record<Role, readonly Permission[]> = {
  administrator: ['cases.read.all', 'cases.write.all', 'reports.read', 'reports.write', 'admin.manage', 'audit.read'],
  complaints_officer: ['cases.read.all', 'cases.write.all', 'reports.read', 'reports.write', 'audit.read'],
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
  // The cases behind a figure are cases: never for a report viewer.
  if (route.url === '/reports/annual/cases') return who !== 'anonymous' && who !== 'report_viewer';
  // The report's own words are written by complaints officers and administrators.
  if (
    route.url === '/reports/text' ||
    route.url === '/reports/ombudsman-letter' ||
    route.url === '/reports/code/self-assessment'
  )
    return who === 'administrator' || who === 'complaints_officer';
  if ((route.url.startsWith('/reports') || route.url === '/dashboard') && who !== 'anonymous') return true;
  return null;
}

describe('who can use each route (generated from the route table)', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: RouteWorld;

  before(async () => {
    handle = await testDatabase();
    const svc = await testServices(handle);
    app = await testApp(svc);
    world = await new RouteWorld(svc, handle, app).build();
  });
  after(async () => {
    await app.close();
    await handle.close();
  });

  async function attempt(who: Who, method: string, url: string, address: string) {
    const b = world.browsers.get(who)!;
    if (method === 'GET') return b.get(address);
    await b.get(who === 'anonymous' ? '/sign-in' : '/account/password'); // a page with a fresh CSRF token
    return b.post(address, ROUTE_BODIES[url] ?? {});
  }

  function outcome(res: {
    statusCode: number;
    headers: Record<string, unknown>;
  }): 'allowed' | 'denied' | 'not found' | 'error' {
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
    for (const url of [
      '/',
      '/cases/:reference',
      '/admin/users',
      '/reports/annual/cases',
      '/feedback/:route/:step',
      '/account/password',
    ]) {
      assert.ok(
        table.some((r) => r.url === url),
        `${url} is in the table`,
      );
    }
  });

  it('answers every route, for every role and no one, as the README says', { timeout: 600_000 }, async () => {
    const table = app
      .routeTable()
      .filter(
        (r) => r.method !== 'HEAD' && r.url !== '/sign-out' && !(r.url === '/account/password' && r.method === 'POST'),
      );
    const wrong: string[] = [];
    // Reading first, then changing: a change an allowed role makes cannot hide a later refusal.
    const ordered = [...table.filter((r) => r.method === 'GET'), ...table.filter((r) => r.method !== 'GET')];
    for (const route of ordered) {
      const variants: ('allocated' | 'other')[] = route.url.includes(':reference')
        ? ['allocated', 'other']
        : ['allocated'];
      for (const which of variants) {
        const address = world.addressFor(route.url, which);
        // Refused identities first, so that an allowed change happens last.
        const whos: Who[] = (['anonymous', ...ROLES] as Who[]).sort(
          (a, b) =>
            Number(expectedAllowed(a, route.access!, which === 'allocated')) -
            Number(expectedAllowed(b, route.access!, which === 'allocated')),
        );
        for (const who of whos) {
          const expected = expectedAllowed(who, route.access!, which === 'allocated');
          const rule = readmeRule(who, route);
          if (rule !== null && rule !== expected)
            wrong.push(
              `${route.method} ${route.url} declares ${JSON.stringify(route.access)}, which lets ${who} ${expected ? 'in' : 'not in'}; the README says otherwise`,
            );
          const res = await attempt(who, route.method, route.url, address);
          const got = outcome(res);
          // A public route may answer "not found" (first-run setup once there are accounts); a staff route
          // allowed to someone must not, since "not found" is how a case not allocated to them is refused.
          const ok =
            got === 'error'
              ? false
              : expected
                ? got === 'allowed' || (got === 'not found' && route.access!.kind === 'public')
                : got === 'denied' || got === 'not found';
          if (!ok)
            wrong.push(
              `${who} ${route.method} ${address} (${which} case): expected ${expected ? 'allowed' : 'refused'}, got ${res.statusCode} ${got}`,
            );
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
