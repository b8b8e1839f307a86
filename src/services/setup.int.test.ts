import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../domain/clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { auditEvents, orgUnits, referenceItems } from '../db/schema/index.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import type { Services } from './index.ts';

const EXAMPLE = readFileSync('docs/examples/setup.yaml', 'utf8');
const clock = fixedClock('2024-06-01T09:00:00Z');

describe('setting Heard up from a file', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, clock);
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(() => handle.close());

  const count = async () => ({
    units: (await handle.db.select().from(orgUnits)).length,
    items: (await handle.db.select().from(referenceItems)).length,
  });

  it('a dry run of the example lists what it would add, with no problems, and writes nothing', async () => {
    const before = await count();
    const { plan, problems } = await svc.setup.check(EXAMPLE);
    assert.deepEqual(problems, []);
    assert.equal(plan.units.length, 2 + 4 + 11);
    assert.ok(plan.items.length > 10);
    assert.ok(plan.alreadyThere.items >= 2, 'Grandparent and Apology are there already');
    assert.deepEqual(await count(), before);
  });

  it('a file with a problem loads nothing', async () => {
    const before = await count();
    const bad = `${EXAMPLE}\n  flavour: [Salty]\n`;
    const result = await svc.setup.load(admin, bad);
    assert.equal(result.loaded, false);
    assert.match(result.problems[0]!.message, /"flavour" is not a list Heard has/);
    assert.deepEqual(await count(), before);
  });

  it('loads the example, through the services (audited), then loading it again adds nothing', async () => {
    const before = await count();
    const result = await svc.setup.load(admin, EXAMPLE);
    assert.equal(result.loaded, true);
    const after = await count();
    assert.equal(after.units - before.units, 17);
    assert.equal(after.items - before.items, result.plan.items.length);
    const tree = await svc.organisation.tree();
    const cs = tree.find((d) => d.unit.name === "Children's Services")!;
    assert.deepEqual(
      cs.children.map((s) => [s.unit.name, s.children.length]),
      [
        ["Children's Social Care", 4],
        ['Early Help', 3],
        ['Fostering and Adoption', 2],
      ],
    );
    const adoption = (await svc.organisation.all()).find((u) => u.name === 'Adoption Support')!;
    assert.equal(adoption.closedOn, '2023-03-31');
    assert.equal(adoption.openedOn, '2017-04-01');
    const [dir] = await handle.db.select().from(orgUnits).where(eq(orgUnits.id, cs.unit.id));
    assert.equal(dir!.defaultProcedure, 'childrens_statutory');
    const remedies = await svc.referenceData.list('remedy_type');
    assert.equal(remedies.find((r) => r.label === 'Reimbursement')?.financial, true);
    assert.equal(remedies.find((r) => r.label === 'Reimbursement')?.code, 'REIMBURSE');
    const channels = await svc.referenceData.list('channel', { includeRetired: true });
    assert.equal(channels.find((c) => c.label === 'Fax')?.active, false);
    const relationships = await svc.referenceData.list('complainant_relationship');
    assert.equal(relationships.find((r) => r.code === 'CARE_LEAVER')?.isChild, true);
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'setup.load'));
    assert.equal(audit.length, 1);
    assert.equal((await handle.db.select().from(auditEvents).where(eq(auditEvents.action, 'org.create'))).length, 17);

    const again = await svc.setup.load(admin, EXAMPLE);
    assert.deepEqual(again.problems, []);
    assert.equal(again.loaded, false);
    assert.deepEqual([again.plan.units.length, again.plan.items.length], [0, 0]);
    assert.deepEqual(await count(), after);
  });

  it('exports the set-up so that loading it into an empty Heard reproduces it', async () => {
    const exported = await svc.setup.export();
    assert.match(exported, /directorate: Children's Services/);
    const other = await testDatabase();
    try {
      const fresh = await testServices(other, clock);
      const otherAdmin = (await makeUser(fresh, 'administrator')).actor;
      const loaded = await fresh.setup.load(otherAdmin, exported);
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.loaded, true);
      const strip = (yaml: string) => yaml.replace(/^#.*\n/, '');
      assert.equal(strip(await fresh.setup.export()), strip(exported));
    } finally {
      await other.close();
    }
  });
});
