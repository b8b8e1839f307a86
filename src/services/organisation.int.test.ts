import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../db/database.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

describe('organisation', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(() => handle.close());

  it('builds directorate > service > team and refuses a team without a service', async () => {
    const d = await svc.organisation.create(admin, {
      kind: 'directorate',
      name: "Children's Services",
      openedOn: '2018-04-01',
    });
    const s = await svc.organisation.create(admin, {
      kind: 'service',
      name: 'Safeguarding',
      parentId: d.id,
      openedOn: '2018-04-01',
    });
    await svc.organisation.create(admin, {
      kind: 'team',
      name: 'Initial Response',
      parentId: s.id,
      openedOn: '2018-04-01',
    });
    await assert.rejects(
      svc.organisation.create(admin, { kind: 'team', name: 'Orphan', openedOn: '2018-04-01' }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'parentId',
    );
    await assert.rejects(
      svc.organisation.create(admin, { kind: 'team', name: 'Under a directorate', parentId: d.id }),
      (e: unknown) => e instanceof DomainError && e.code === 'ORG.BAD_PARENT',
    );
    const tree = await svc.organisation.tree();
    assert.equal(tree.length, 1);
    assert.equal(tree[0]!.children[0]!.children[0]!.name, 'Initial Response');
  });

  it('renames from a date, keeping the old name for earlier cases', async () => {
    const team = (await svc.organisation.teams()).find((t) => t.name === 'Initial Response')!;
    await svc.organisation.rename(admin, team.id, { name: 'Children and Families Front Door', from: '2024-01-15' });
    const renamed = await svc.organisation.get(team.id);
    assert.equal(renamed.name, 'Children and Families Front Door');
    assert.equal(svc.organisation.nameOn(renamed, '2024-01-14'), 'Initial Response');
    assert.equal(svc.organisation.nameOn(renamed, '2024-01-15'), 'Children and Families Front Door');
    assert.deepEqual(
      renamed.names.map((n) => [n.name, n.validFrom, n.validTo]),
      [
        ['Initial Response', '2018-04-01', '2024-01-14'],
        ['Children and Families Front Door', '2024-01-15', null],
      ],
    );
    await assert.rejects(
      svc.organisation.rename(admin, team.id, { name: 'Too early', from: '2024-01-01' }),
      (e: unknown) => e instanceof DomainError && e.code === 'ORG.RENAME_NOT_AFTER_CURRENT',
    );
  });

  it('closes a team with the team that replaced it', async () => {
    const [service] = (await svc.organisation.all()).filter((u) => u.kind === 'service');
    const old = await svc.organisation.create(admin, {
      kind: 'team',
      name: 'Early Help North',
      parentId: service!.id,
      openedOn: '2018-04-01',
    });
    const replacement = await svc.organisation.create(admin, {
      kind: 'team',
      name: 'Stepping Stones',
      parentId: service!.id,
      openedOn: '2023-04-01',
    });
    await assert.rejects(
      svc.organisation.close(admin, old.id, { closedOn: '2017-01-01' }),
      (e: unknown) => e instanceof DomainError && e.code === 'ORG.CLOSED_BEFORE_OPENED',
    );
    await svc.organisation.close(admin, old.id, { closedOn: '2023-03-31', successorId: replacement.id });
    const closed = await svc.organisation.get(old.id);
    assert.equal(closed.closedOn, '2023-03-31');
    assert.equal(closed.successorId, replacement.id);
    assert.ok(!(await svc.organisation.teams()).some((t) => t.id === old.id), 'closed teams are not offered');
    assert.ok((await svc.organisation.teams({ includeClosed: true })).some((t) => t.id === old.id));
  });
});
