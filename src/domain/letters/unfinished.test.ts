import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderLetter } from './merge.ts';
import { describeUnfinished, unfinishedParts } from './unfinished.ts';

describe('what is still to write in a letter', () => {
  it('finds the template instruction, with its line', () => {
    const body =
      'Dear Sarah Jones,\n\nOur finding is: upheld.\n\n[Write the findings for each point of the complaint here, with any apology and what we will do.]\n\nYours sincerely';
    const parts = unfinishedParts('Our response: CS-2024-00001', body);
    assert.deepEqual(parts, [
      {
        kind: 'instruction',
        where: 'body',
        line: 5,
        text: '[Write the findings for each point of the complaint here, with any apology and what we will do.]',
      },
    ]);
    assert.equal(
      describeUnfinished(parts[0]!),
      'Line 5 of the letter still has the template\'s instruction "[Write the findings for each point of the complaint here, w…]": replace it with what you want to say',
    );
  });

  it('names an empty merge field by what it is, in the subject and the letter, in reading order', () => {
    const subject = renderLetter('Your complaint {{reference}}: {{team}}', { reference: 'CS-2024-00001' });
    const body = renderLetter('Dear {{complainant_name}},\nDue {{response_due_on}} [Name] {{made_up}}', {});
    const parts = unfinishedParts(subject.text, body.text);
    assert.deepEqual(
      parts.map((p) => [p.kind, p.where, p.line, p.text, p.field]),
      [
        ['empty_field', 'subject', 1, '[the team]', 'team'],
        ['empty_field', 'body', 1, "[the complainant's name]", 'complainant_name'],
        ['empty_field', 'body', 2, '[when the response is due (the clock that matters next)]', 'response_due_on'],
        ['instruction', 'body', 2, '[Name]', undefined],
        ['unmerged_field', 'body', 2, '{{made_up}}', 'made_up'],
      ],
    );
    assert.equal(
      describeUnfinished(parts[0]!),
      'The subject has an empty merge field, "[the team]": the case has nothing for it yet. Record it on the case and draft the letter again, or write the words in',
    );
    assert.equal(
      describeUnfinished(parts[4]!),
      'Line 2 of the letter has a merge field Heard cannot fill, "{{made_up}}": write the words in instead',
    );
  });

  it('passes a finished letter, and brackets with no words in them', () => {
    assert.deepEqual(unfinishedParts('Our response', 'Dear Sarah,\n\nSee point [1] and [ ].\n\nYours'), []);
  });

  it('leaves out an optional field the council has not set, closing up its line', () => {
    const r = renderLetter('Yours,\n\n{{council_name}}\n{{council_contact}}', { council_name: 'Example Council' });
    assert.equal(r.text, 'Yours,\n\nExample Council');
    assert.deepEqual(r.missing, []);
    assert.deepEqual(unfinishedParts('s', r.text), []);
  });
});

describe('instructions that wrap onto another line', () => {
  it('are found, on the line they start, as one instruction', () => {
    const parts = unfinishedParts(
      'Your complaint',
      'Dear Sam\n\n[Write the findings\nfor each point here]\n{{\nreference}}\n［Write here］',
    );
    assert.deepEqual(
      parts.map((p) => [p.kind, p.line, p.text]),
      [
        ['instruction', 3, '[Write the findings for each point here]'],
        ['unmerged_field', 5, '{{ reference}}'],
        ['instruction', 7, '［Write here］'],
      ],
    );
  });

  it('leave numbered references and a lone bracket alone', () => {
    assert.deepEqual(
      unfinishedParts('Hi', 'See note [1].\nA bracket [ opened and never closed, with words after.'),
      [],
    );
  });
});
