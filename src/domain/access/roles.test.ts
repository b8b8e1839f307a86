import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { can, canReadCase, canWriteCase, mayManageCases, ROLES } from './roles.ts';

describe('roles', () => {
  it('only administrators manage Heard', () => {
    assert.deepEqual(
      ROLES.filter((r) => can(r, 'admin.manage')),
      ['administrator'],
    );
  });
  it('an investigating manager sees and changes only cases allocated to them', () => {
    const facts = { allocatedUserIds: ['me'] };
    assert.equal(canReadCase('investigating_manager', 'me', facts), true);
    assert.equal(canWriteCase('investigating_manager', 'me', facts), true);
    assert.equal(canReadCase('investigating_manager', 'someone-else', facts), false);
  });
  it('a senior manager reads every case but changes none', () => {
    assert.equal(canReadCase('senior_manager', 'x', { allocatedUserIds: [] }), true);
    assert.equal(canWriteCase('senior_manager', 'x', { allocatedUserIds: ['x'] }), false);
  });
  it('a report viewer sees no case at all', () => {
    assert.equal(canReadCase('report_viewer', 'x', { allocatedUserIds: ['x'] }), false);
    assert.equal(can('report_viewer', 'reports.read'), true);
  });
});

describe('who may be named investigating manager', () => {
  it('is someone who could then work the case', () => {
    assert.deepEqual(
      ROLES.filter((r) => mayManageCases(r)),
      ['administrator', 'complaints_officer', 'investigating_manager'],
    );
  });
});
