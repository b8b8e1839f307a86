import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimedGroups, parseGroupRoles, roleForGroups } from './sso-roles.ts';

describe('single sign-on group mapping', () => {
  it('reads JSON and the "group=role" list alike', () => {
    const expected = {
      ok: true,
      entries: [
        { groupId: 'a1', role: 'administrator' },
        { groupId: 'b2', role: 'report_viewer' },
      ],
    };
    assert.deepEqual(parseGroupRoles('{"a1":"administrator","b2":"report_viewer"}'), expected);
    assert.deepEqual(parseGroupRoles(' a1=administrator , b2 = report_viewer '), expected);
    assert.deepEqual(parseGroupRoles(''), { ok: true, entries: [] });
  });

  it('refuses an unknown role, a blank group and broken JSON, saying which', () => {
    const bad = parseGroupRoles('a1=boss');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.problem : '', /"a1" must map to one of administrator/);
    assert.deepEqual(parseGroupRoles('=administrator'), { ok: false, problem: 'a group is blank' });
    assert.deepEqual(parseGroupRoles('{"a1":'), { ok: false, problem: 'is not valid JSON' });
    assert.equal(parseGroupRoles('["a1"]').ok, false);
  });

  it('gives the most trusted mapped role, or none', () => {
    const mapping = [
      { groupId: 'viewers', role: 'report_viewer' as const },
      { groupId: 'officers', role: 'complaints_officer' as const },
    ];
    assert.equal(roleForGroups(['viewers', 'officers', 'other'], mapping), 'complaints_officer');
    assert.equal(roleForGroups(['viewers'], mapping), 'report_viewer');
    assert.equal(roleForGroups(['other'], mapping), null);
    assert.equal(roleForGroups([], []), null);
  });

  it('reads groups and app roles from the claims, ignoring anything not text', () => {
    assert.deepEqual(claimedGroups({ groups: ['g1', 2, 'g2'], roles: ['Heard.Admin'] }), ['g1', 'g2', 'Heard.Admin']);
    assert.deepEqual(claimedGroups({ groups: 'g1' }), []);
  });
});
