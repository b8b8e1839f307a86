import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseClock } from '../domain/timescales/case-clocks.ts';
import { normaliseCode, publicProgress } from './intake-tracking.ts';

const CONTACT = {
  councilName: 'Test Council',
  phone: '01632 960 100',
  email: 'complaints@test.gov.uk',
  address: '',
  hours: '',
};

/** Only what publicProgress reads of a clock: its name, its kind and its dates. */
const clock = (
  name: CaseClock['clock'],
  kind: 'response' | 'window',
  dueOn: string,
  completedOn: string | null = null,
) => ({ clock: name, rule: { kind }, result: { dueOn, completedOn } }) as unknown as CaseClock;

const complaint = { reference: 'CS-2024-00007', type: 'complaint' as const, receivedOn: '2024-03-27', closedOn: null };

describe('what a complainant is told when they track their feedback', () => {
  it('a new complaint: received, when we will contact them, and how to take it further', () => {
    const p = publicProgress(
      { ...complaint, status: 'new' },
      [],
      [clock('acknowledgement', 'response', '2024-04-03')],
      CONTACT,
      '2024-03-28',
    );
    assert.equal(p.stage, 'Received: our complaints team is deciding how to look into it');
    assert.deepEqual(p.next, { text: 'We will contact you to say how we will look into it by', date: '3 April 2024' });
    assert.equal(p.receivedOn, '27 March 2024');
    assert.match(
      p.escalation[0]!,
      /email complaints@test\.gov\.uk or phone 01632 960 100, and quote your reference CS-2024-00007/,
    );
    assert.match(p.escalation[1]!, /Local Government and Social Care Ombudsman/);
  });

  it('after the Stage 1 reply: the date by which to ask for Stage 2', () => {
    const p = publicProgress(
      { ...complaint, status: 'open' },
      [{ kind: 'stage1', respondedOn: '2024-04-20' }],
      [
        clock('stage1_response', 'response', '2024-04-24', '2024-04-20'),
        clock('stage2_request', 'window', '2024-05-20'),
      ],
      CONTACT,
      '2024-04-22',
    );
    assert.equal(p.stage, 'Stage 1: we have sent our reply');
    assert.equal(p.next, null, 'nothing more is due from us until they ask');
    assert.match(
      p.escalation[0]!,
      /ask for your complaint to go to Stage 2 \(an independent investigation\) by 20 May 2024/,
    );
  });

  it('at Stage 2: when the outcome is due', () => {
    const p = publicProgress(
      { ...complaint, status: 'open' },
      [
        { kind: 'stage1', respondedOn: '2024-04-20' },
        { kind: 'stage2', respondedOn: null },
      ],
      [clock('stage2_investigation', 'response', '2024-07-01')],
      CONTACT,
      '2024-05-22',
    );
    assert.equal(p.stage, 'Stage 2: being looked into');
    assert.deepEqual(p.next, { text: 'You should get the Stage 2 outcome by', date: '1 July 2024' });
  });

  it('closed, and a compliment: no dates to wait for, no Ombudsman', () => {
    const closed = publicProgress(
      { ...complaint, status: 'closed', closedOn: '2024-06-01' },
      [],
      [],
      CONTACT,
      '2024-06-02',
    );
    assert.equal(closed.stage, 'Finished on 1 June 2024');
    assert.equal(closed.next, null);
    const thanks = publicProgress(
      { ...complaint, type: 'compliment', status: 'open' },
      [],
      [],
      { ...CONTACT, phone: '', email: '' },
      '2024-04-01',
    );
    assert.deepEqual(thanks.escalation, [
      "To tell us anything more, contact Test Council's complaints team, and quote your reference CS-2024-00007.",
    ]);
  });

  it('reads a code as people type it', () => {
    assert.equal(normaliseCode(' 123 456 '), '123456');
    assert.equal(normaliseCode('123-456'), '123456');
  });
});
