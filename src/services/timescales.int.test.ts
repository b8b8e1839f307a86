import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { PRESETS } from '../domain/timescales/presets.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

describe('timescale rules and case clocks', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-04-05T09:00:00Z'));
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(() => handle.close());

  it('starts with the shipped presets, one schedule per procedure, and adds them only once', async () => {
    const policies = await svc.timescales.all();
    assert.deepEqual(
      policies.map((p) => [p.procedure, p.effectiveFrom]),
      [
        ['childrens_statutory', '2006-09-01'],
        ['corporate', '2000-01-01'],
        ['corporate', '2026-04-01'],
        ['adult_social_care_statutory', '2009-04-01'],
        ['out_of_scope', '2000-01-01'],
      ],
    );
    assert.equal(await svc.timescales.ensureDefaults(), 0);
  });

  it('pins the rules in force on the case when its procedure is decided, and shows each clock explained', async () => {
    const c = await makeCase(svc, admin, {
      receivedOn: '2024-03-27',
      procedure: 'childrens_statutory',
      procedureReason: 'Social care for a child',
    });
    const { policy, clocks } = await svc.timescales.clocksForCase(c.id);
    assert.equal(policy?.name, PRESETS.childrens_statutory.name);
    assert.deepEqual(
      clocks.map((k) => [k.clock, k.result.dueOn, k.result.status]),
      [
        ['acknowledgement', '2024-04-03', 'overdue'],
        ['stage1_response', '2024-04-12', 'on_time'],
      ],
    );
    assert.match(clocks[1]!.explanation.join(' '), /Skipped: 29 March 2024 Good Friday; 1 April 2024 Easter Monday/);
  });

  it('a new version of the rules applies to new cases only; pinned cases keep theirs', async () => {
    const old = await makeCase(svc, admin, {
      receivedOn: '2024-04-02',
      procedure: 'corporate',
      procedureReason: 'School transport',
    });
    const base = (await svc.timescales.all()).find(
      (p) => p.procedure === 'corporate' && p.effectiveFrom === '2000-01-01',
    )!;
    const rules = structuredClone(base.rules);
    rules.stage1_response!.days = 20;
    rules.stage1_response!.extendableTo = 30;
    await svc.timescales.createVersion(admin, {
      procedure: 'corporate',
      name: 'Corporate: 20 working days',
      effectiveFrom: '2024-04-01',
      dueSoonDays: 3,
      rules,
    });
    const fresh = await makeCase(svc, admin, {
      receivedOn: '2024-04-03',
      procedure: 'corporate',
      procedureReason: 'School transport',
    });
    const oldClock = (await svc.timescales.clocksForCase(old.id)).clocks.find((k) => k.clock === 'stage1_response')!;
    const newClock = (await svc.timescales.clocksForCase(fresh.id)).clocks.find((k) => k.clock === 'stage1_response')!;
    assert.equal(oldClock.rule.days, 10, 'pinned before the change');
    assert.equal(newClock.rule.days, 20);
    assert.equal(newClock.result.dueOn, '2024-05-01'); // 20 working days from 3 April 2024
    const audit = await handle.db.execute(
      sql`select count(*)::int as n from audit_events where action = 'timescales.create_version'`,
    );
    assert.equal((audit as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
  });

  it('refuses impossible rules with a message per field, saving nothing', async () => {
    const before = (await svc.timescales.all()).length;
    const rules = structuredClone(PRESETS.childrens_statutory.rules);
    rules.stage1_response!.days = 0;
    rules.stage2_investigation!.extendableTo = 10;
    await assert.rejects(
      svc.timescales.createVersion(admin, {
        procedure: 'childrens_statutory',
        name: '',
        effectiveFrom: '2024-02-30',
        dueSoonDays: 2,
        rules,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(
          e.fieldErrors.map((f) => f.field),
          ['name', 'effectiveFrom', 'stage1_response-days', 'stage2_investigation-extendableTo'],
        );
        return true;
      },
    );
    assert.equal((await svc.timescales.all()).length, before);
  });
});

describe('the working-day calendar an administrator keeps', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-12-02T09:00:00Z'));
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(() => handle.close());

  it('closure days move deadlines, and are audited', async () => {
    assert.equal((await svc.calendar.calendar()).addWorkingDays('2024-12-23', 3), '2024-12-30');
    for (const date of ['2024-12-27', '2024-12-30', '2024-12-31'])
      await svc.calendar.addClosureDay(admin, { date, description: 'Council closed' });
    assert.equal((await svc.calendar.calendar()).addWorkingDays('2024-12-23', 3), '2025-01-03');
    await assert.rejects(
      svc.calendar.addClosureDay(admin, { date: '2024-12-27', description: 'again' }),
      (e: unknown) => e instanceof DomainError && e.code === 'CALENDAR.CLOSURE_EXISTS',
    );
    await assert.rejects(
      svc.calendar.addClosureDay(admin, { date: null, description: '' }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors.length === 2,
    );
    await svc.calendar.removeClosureDay(admin, '2024-12-31');
    assert.equal((await svc.calendar.calendar()).addWorkingDays('2024-12-23', 3), '2025-01-02'); // 24 Dec, 31 Dec, 2 Jan
  });

  it('a newer GOV.UK file replaces the computed years it covers; a bad one changes nothing', async () => {
    const before = await svc.calendar.calendar();
    // Past the shipped data (2027), the years are computed from the rules, ten years past today's: provisional.
    assert.equal(before.last, '2037-12-31');
    assert.equal(before.whyNotWorking('2028-04-17'), 'Easter Monday');
    assert.equal(before.isProvisional('2028-04-17'), true);
    assert.throws(() => before.addWorkingDays('2038-01-04', 1), /outside the years/);
    await assert.rejects(
      svc.bankHolidays.upload(admin, '{not json', 'x.json'),
      (e: unknown) => e instanceof DomainError && e.code === 'CALENDAR.NOT_JSON',
    );
    await assert.rejects(
      svc.bankHolidays.upload(
        admin,
        JSON.stringify({ 'england-and-wales': { events: [{ date: '2028-13-01', title: 'x' }] } }),
        'bad.json',
      ),
      (e: unknown) =>
        e instanceof DomainError && e.code === 'CALENDAR.BAD_FILE' && /Nothing has changed/.test(e.message),
    );
    assert.equal((await svc.calendar.source()).uploads.length, 0);
    const file = {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [
          { date: '2028-01-03', title: 'New Year’s Day', notes: 'Substitute day', bunting: true },
          { date: '2028-04-14', title: 'Good Friday', notes: '', bunting: false },
        ],
      },
    };
    assert.deepEqual(await svc.bankHolidays.upload(admin, JSON.stringify(file), 'bank-holidays.json'), {
      firstYear: 2028,
      lastYear: 2028,
      count: 2,
      moved: 0,
    });
    const cal = await svc.calendar.calendar();
    assert.equal(cal.last, '2038-12-31', 'computed ten years past the newest published year');
    assert.equal(cal.isProvisional('2028-04-17'), false);
    assert.equal(cal.isWorkingDay('2028-04-17'), true, 'the loaded year replaces the computed one whole');
    assert.equal(cal.isProvisional('2029-01-01'), true);
    assert.equal(cal.addWorkingDays('2027-12-31', 1), '2028-01-04');
    assert.equal(cal.whyNotWorking('2028-04-14'), 'Good Friday');
    assert.equal(cal.addWorkingDays('2024-06-03', 1), '2024-06-04', 'older years still come from the shipped file');
  });
});
