import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { testServices } from '../../test/support/factories.ts';
import { RouteWorld } from '../../test/support/route-walk.ts';
import { testApp } from '../../test/support/web.ts';

/** Values a crafted request could carry: wrong types, very long, control and odd Unicode characters, markup, SQL. */
const NASTY = [
  '',
  'x'.repeat(5000),
  '\u0000\r\n\t\u2028\u202e',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '-1',
  '99999999999999999999',
  '1e309',
  'NaN',
  '2024-02-30',
  '../../../etc/passwd',
  '%00',
  '{"a":1}',
  '😀'.repeat(50),
];
/** Plausible-looking form values that get further into a handler than the nasty ones. */
const PLAUSIBLE = ['2024-13-45', 'yes', '0', '1', 'close', 'withdraw', 'reopen', 'link', 'email', 'word'];
const QUERY_VALUES = NASTY.slice(0, 8);
const FORM_VALUES = [...NASTY, ...PLAUSIBLE];

/**
 * Every parameter of every route gets every nasty value. The query and form
 * values, which reach the handler (and so cost a whole page each), are shared
 * out instead: the i-th route (or POST route) gets `per` of them, a window
 * that moves on by `per` each time, so that over the routes each value is
 * tried about as often as every other (each query value on about 45 routes,
 * each form value on about 17 POST routes) and every run sends the same
 * requests: 1,119 that reach a handler instead of 2,857 (2,462 requests in
 * all instead of 4,273). HEARD_FUZZ_ALL=1 still sends every value to every
 * route.
 */
const EVERY_VALUE = process.env.HEARD_FUZZ_ALL === '1';
function share<T>(values: readonly T[], routeIndex: number, per: number): T[] {
  if (EVERY_VALUE || per >= values.length) return [...values];
  return Array.from({ length: per }, (_, j) => values[(routeIndex * per + j) % values.length]!);
}
const tried = new Map<string, number>();
const countTried = (kind: string, v: string) => tried.set(`${kind} ${v}`, (tried.get(`${kind} ${v}`) ?? 0) + 1);

const QUERY_NAMES = [
  'from',
  'to',
  'unit',
  'page',
  'status',
  'q',
  'table',
  'row',
  'template',
  'procedure',
  'stage',
  'teamId',
  'themeId',
  'year',
  'dates',
  'change',
  'next',
  'token',
  'made',
  'sent',
  'done',
];

/**
 * Every route in the route table, signed in as an administrator (who may use
 * the most) and as no one, with parameters, query values and form fields of
 * every wrong shape: whatever comes in, the answer is never a server error.
 */
describe('fuzzing every route', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: RouteWorld;
  const fieldNames = new Set<string>();

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

  it('never answers 500, whatever the parameters, query or form', { timeout: 900_000 }, async () => {
    // Signing in last: fuzzing it uses up the per-address sign-in limit, and the walk signs in again when a change signed it out.
    const all = app
      .routeTable()
      .filter(
        (r) =>
          r.method !== 'HEAD' && r.url !== '/sign-out' && !r.url.startsWith('/assets') && !r.url.startsWith('/public'),
      );
    const routes = [...all.filter((r) => r.url !== '/sign-in'), ...all.filter((r) => r.url === '/sign-in')];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const check = (what: string, res: { statusCode: number; body: string }) => {
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500)
        failures.push(`${what}: ${res.statusCode} ${/<h1[^>]*>([^<]*)/.exec(res.body)?.[1] ?? res.body.slice(0, 80)}`);
    };
    // Pages first, to learn every form field name Heard uses.
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const b = world.browsers.get('administrator')!;
      const res = await b.get(world.addressFor(r.url, 'allocated'));
      for (const m of res.body.matchAll(/name="([^"]+)"/g)) fieldNames.add(m[1]!);
      check(`GET ${r.url}`, res);
    }
    fieldNames.delete('_csrf');
    assert.ok(fieldNames.size > 40, `form fields found: ${fieldNames.size}`);

    let postIndex = 0;
    for (const [routeIndex, r] of routes.entries()) {
      if (r.method === 'POST') postIndex += 1;
      const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      // No one is tried on the public routes only: elsewhere the sign-in check turns them away before anything reads the input.
      for (const who of r.access?.kind === 'public'
        ? (['administrator', 'anonymous'] as const)
        : (['administrator'] as const)) {
        const b = world.browsers.get(who)!;
        let token = '';
        const send = async (address: string, form: Record<string, string> | string) => {
          if (r.method === 'GET') return b.get(address);
          if (!token) {
            await b.get(who === 'anonymous' ? '/sign-in' : '/account/password');
            token = b.csrf(); // one token serves every request of this browser's session
          }
          if (typeof form === 'string') {
            return app.inject({
              method: 'POST',
              url: address,
              payload: `_csrf=${encodeURIComponent(token)}&${form}`,
              headers: { cookie: b.cookieHeaderForTests(), 'content-type': 'application/x-www-form-urlencoded' },
            });
          }
          return b.post(address, form, { csrf: token });
        };
        // Each parameter in turn gets each nasty value.
        for (const p of params) {
          for (const v of NASTY) {
            const address = r.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
              encodeURIComponent(name === p ? v : world.paramValue(r.url, name, 'allocated')),
            );
            check(`${who} ${r.method} ${address.slice(0, 120)}`, await send(address, {}));
          }
        }
        const base = world.addressFor(r.url, 'allocated').split('?')[0]!;
        // Every known query name at once, with each of this route's share of the nasty values, and each repeated.
        for (const v of share(QUERY_VALUES, routeIndex, 3)) {
          countTried('query', v);
          const q = new URLSearchParams(QUERY_NAMES.map((n) => [n, v])).toString();
          check(`${who} ${r.method} ${base}?<${JSON.stringify(v).slice(0, 20)}>`, await send(`${base}?${q}`, {}));
        }
        check(
          `${who} ${r.method} ${base}?repeated`,
          await send(`${base}?${QUERY_NAMES.map((n) => `${n}=a&${n}=b`).join('&')}`, {}),
        );
        if (r.method === 'POST') {
          // Every field Heard knows at once, with each nasty value, then with plausible-looking ones that get further.
          for (const v of share(FORM_VALUES, postIndex, 8)) {
            countTried('form', v);
            const form = Object.fromEntries([...fieldNames].map((n) => [n, v]));
            check(`${who} POST ${base} fields=<${JSON.stringify(v).slice(0, 20)}>`, await send(base, form));
          }
          check(
            `${who} POST ${base} repeated fields`,
            await send(base, [...fieldNames].map((n) => `${n}=a&${n}=b`).join('&')),
          );
        }
      }
      // A change can sign the administrator out (a password or account changed): sign in again for the next route.
      if (
        r.method === 'POST' &&
        (await world.browsers.get('administrator')!.get('/account/password')).statusCode !== 200
      )
        await world.signIn('administrator');
    }
    console.log(`statuses: ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}`);
    assert.ok(
      (statuses.get(200) ?? 0) > 100 && (statuses.get(400) ?? 0) > 100,
      'the walk reached handlers, not only the guards',
    );
    assert.deepEqual(failures, []);
    // The sharing-out still tries every value, and each on many routes.
    for (const v of QUERY_VALUES) assert.ok((tried.get(`query ${v}`) ?? 0) >= 20, `query ${JSON.stringify(v)} tried`);
    for (const v of FORM_VALUES) assert.ok((tried.get(`form ${v}`) ?? 0) >= 10, `form ${JSON.stringify(v)} tried`);
  });
});
