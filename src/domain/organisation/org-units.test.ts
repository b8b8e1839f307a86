import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentName, nameOn, planRename, serviceAreaOf, todaysUnit, type UnitName } from './org-units.ts';

const renamed: UnitName[] = [
  { name: 'Initial Response', validFrom: '2018-04-01', validTo: '2024-01-14' },
  { name: 'Children and Families Front Door', validFrom: '2024-01-15', validTo: null },
];

describe('team names over time', () => {
  it('gives the name in force on a date', () => {
    assert.equal(nameOn(renamed, '2023-12-31'), 'Initial Response');
    assert.equal(nameOn(renamed, '2024-01-14'), 'Initial Response');
    assert.equal(nameOn(renamed, '2024-01-15'), 'Children and Families Front Door');
  });
  it('uses the first name for a date before the team existed (old imported cases)', () => {
    assert.equal(nameOn(renamed, '2010-01-01'), 'Initial Response');
  });
  it('uses the last name for a date after a closed team closed', () => {
    assert.equal(
      nameOn([{ name: 'Early Help North', validFrom: '2018-04-01', validTo: '2023-03-31' }], '2024-06-01'),
      'Early Help North',
    );
  });
  it('current name is the open one', () => {
    assert.equal(currentName(renamed), 'Children and Families Front Door');
    assert.equal(currentName([]), null);
  });
});

describe('planRename', () => {
  it('closes the current name the day before the new one', () => {
    assert.deepEqual(planRename([{ name: 'A', validFrom: '2020-01-01', validTo: null }], 'B', '2024-03-01'), {
      ok: true,
      closeCurrentOn: '2024-02-29',
    });
  });
  it('refuses a new name that starts on or before the current one', () => {
    const result = planRename([{ name: 'A', validFrom: '2020-01-01', validTo: null }], 'B', '2020-01-01');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'ORG.RENAME_NOT_AFTER_CURRENT');
  });
  it('refuses the same name', () => {
    const result = planRename([{ name: 'A', validFrom: '2020-01-01', validTo: null }], 'A', '2024-01-01');
    assert.equal(!result.ok && result.error.code, 'ORG.SAME_NAME');
  });
});

describe('todaysUnit', () => {
  it('follows successors to the unit that stands today', () => {
    const successors = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', null],
    ]);
    assert.equal(todaysUnit('a', successors), 'c');
    assert.equal(todaysUnit('c', successors), 'c');
  });
  it('stops on a cycle instead of looping for ever', () => {
    const successors = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    assert.equal(todaysUnit('a', successors), 'b');
  });
});

describe('serviceAreaOf', () => {
  const units = new Map([
    ['dir', { parentId: null, kind: 'directorate' }],
    ['svc', { parentId: 'dir', kind: 'service' }],
    ['team', { parentId: 'svc', kind: 'team' }],
    ['loose', { parentId: 'dir', kind: 'team' }],
  ]);
  it("gives a team's service, and a service itself", () => {
    assert.equal(serviceAreaOf('team', units), 'svc');
    assert.equal(serviceAreaOf('svc', units), 'svc');
  });
  it('lets a unit with no service above it stand for itself', () => {
    assert.equal(serviceAreaOf('loose', units), 'loose');
    assert.equal(serviceAreaOf('dir', units), 'dir');
    assert.equal(serviceAreaOf('unknown', units), 'unknown');
  });
});
