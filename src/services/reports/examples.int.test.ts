import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../domain/clock.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { makeCase, makeTeam, makeUser, testServices } from '../../../test/support/factories.ts';
import type { Services } from '../index.ts';

describe('quotes for the annual report', () => {
  let handle: DatabaseHandle;
  let svc: Services;
  before(async () => {
    handle = await testDatabase();
    svc = await testServices(handle, fixedClock('2024-06-03T09:00:00Z'));
  });
  after(() => handle.close());

  it('drafts with names and contact details removed, keeps what the officer saves, and lists it for the period', async () => {
    const { actor } = await makeUser(svc, 'complaints_officer');
    const team = await makeTeam(svc, actor, 'Leaving Care Team');
    const c = await makeCase(svc, actor, {
      type: 'compliment',
      receivedOn: '2023-11-01',
      subject: 'Thanks',
      teamId: team.id,
      description: 'Thank you Kelly Allen for helping me. Ring me on 07700 900123.',
      complainant: { givenName: 'Jade', familyName: 'Cook' },
    });
    const draft = await svc.examples.draft(actor, c.id);
    assert.equal(draft.saved, false);
    assert.equal(
      draft.text,
      'Thank you Kelly Allen for helping me. Ring me on [name removed].',
      'staff names Heard does not know stay for the officer to remove',
    );
    await svc.examples.save(actor, c.id, 'Thank you [name removed] for helping me.');
    assert.deepEqual(await svc.examples.draft(actor, c.id), {
      text: 'Thank you [name removed] for helping me.',
      saved: true,
    });
    assert.deepEqual(await svc.examples.forPeriod('2023-04-01', '2024-03-31'), {
      compliments: [{ team: 'Leaving Care Team', text: 'Thank you [name removed] for helping me.' }],
      complaints: [],
    });
    assert.deepEqual((await svc.examples.forPeriod('2024-04-01', '2025-03-31')).compliments, []);
    await svc.examples.remove(actor, c.id);
    assert.deepEqual((await svc.examples.forPeriod('2023-04-01', '2024-03-31')).compliments, []);
  });
});
