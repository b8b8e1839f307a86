import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../db/database.ts';
import { REFERENCE_DEFAULTS } from '../domain/reference-data/defaults.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeUser, testServices } from '../../test/support/factories.ts';
import type { Actor } from './actor.ts';
import { DomainError, ValidationError } from './errors.ts';
import type { Services } from './index.ts';

describe('reference data', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  let admin: Actor;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle);
    admin = (await makeUser(svc, 'administrator')).actor;
  });
  after(() => handle.close());

  it('starts with the default lists, and adding them again adds nothing', async () => {
    assert.equal((await svc.referenceData.list('ethnicity')).length, REFERENCE_DEFAULTS.ethnicity.length);
    assert.equal(await svc.referenceData.ensureDefaults(), 0);
  });

  it('adds an item with a code made from its label, and refuses a clashing code', async () => {
    const item = await svc.referenceData.add(admin, 'theme', { label: 'Short breaks' });
    assert.equal(item.code, 'SHORT_BREAKS');
    await assert.rejects(
      svc.referenceData.add(admin, 'theme', { label: 'Short breaks again', code: 'SHORT_BREAKS' }),
      (e: unknown) => e instanceof DomainError && e.code === 'REFERENCE.CODE_TAKEN' && e.field === 'code',
    );
    await assert.rejects(
      svc.referenceData.add(admin, 'theme', { label: '   ' }),
      (e: unknown) => e instanceof ValidationError && e.fieldErrors[0]!.field === 'label',
    );
  });

  it('retires an item: gone from the choices, kept for old cases, never revived by the defaults', async () => {
    const [mp] = (await svc.referenceData.list('complainant_relationship')).filter((i) => i.code === 'MP');
    await svc.referenceData.update(admin, mp!.id, { active: false, label: 'MP' });
    assert.ok(!(await svc.referenceData.list('complainant_relationship')).some((i) => i.code === 'MP'));
    assert.ok(
      (await svc.referenceData.list('complainant_relationship', { includeRetired: true })).some(
        (i) => i.code === 'MP' && !i.active,
      ),
    );
    await svc.referenceData.ensureDefaults();
    assert.equal((await svc.referenceData.get(mp!.id)).active, false);
  });
});
