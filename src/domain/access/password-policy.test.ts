import assert from 'node:assert/strict';
import { it } from 'node:test';
import { passwordProblem, personalWords } from './password-policy.ts';

const jo = { email: 'jo.bloggs@example.gov.uk', displayName: 'Jo Bloggs' };

it('refuses the passwords the security test got through, and other common or patterned ones', () => {
  for (const weak of [
    'password1234',
    'Password1234!',
    'qwertyuiop123',
    'aaaaaaaaaaaa',
    '123456789012',
    'letmein12345',
    'iloveyou2024',
    'abcdefghijkl',
    'Password123456789',
  ]) {
    assert.match(passwordProblem(weak, jo) ?? 'accepted', /harder to guess/, weak);
  }
});

it('refuses all-whitespace, short and overlong passwords with a message for each', () => {
  assert.equal(passwordProblem(' '.repeat(12), jo), 'The password must not be only spaces');
  assert.equal(passwordProblem('\t \n'.repeat(10), jo), 'The password must not be only spaces');
  assert.equal(passwordProblem('', jo), 'Enter a password');
  assert.equal(passwordProblem(['kettle orbit plum', 'seventeen'] as unknown as string, jo), 'Enter a password');
  assert.equal(passwordProblem('Xq7!vB2#', jo), 'The password must be at least 12 characters');
  assert.equal(
    passwordProblem('kettle orbit plum seventeen '.repeat(10), jo),
    'The password must be 256 characters or fewer',
  );
});

it("refuses a password made from the person's own name or email address", () => {
  for (const personal of ['jo.bloggs@example.gov.uk', 'JoBloggsJoBloggs', 'jobloggs2024!', 'Bloggs123456']) {
    assert.equal(
      passwordProblem(personal, jo),
      'Do not use your name, your email address or words about this service. Choose a password that is harder to guess, such as three or four random words',
      personal,
    );
  }
  // The same password is fine for someone else.
  assert.equal(passwordProblem('jobloggs2024!', { email: 'ann@council.gov.uk', displayName: 'Ann Other' }), null);
});

it('takes a bounded time, however long or patterned the password', () => {
  for (const long of ['ab!9'.repeat(64), '4@$310!|'.repeat(32), 'aB3$kP9!xQ2@'.repeat(21)]) {
    const started = performance.now();
    passwordProblem(long, jo);
    assert.ok(
      performance.now() - started < 2000,
      `${long.slice(0, 8)}… took ${Math.round(performance.now() - started)} ms`,
    );
  }
  assert.match(passwordProblem('a'.repeat(256), jo) ?? 'accepted', /harder to guess/);
});

it('accepts long, unusual passwords and passphrases', () => {
  for (const good of [
    'correct horse battery staple',
    'kettle orbit plum seventeen',
    'Tr0ub4dor&3xyzq!',
    'a long enough password',
    'zY8#mQ2$vL9@wK4!',
  ]) {
    assert.equal(passwordProblem(good, jo), null, good);
  }
});

it('lists the parts of a name and an email address', () => {
  assert.deepEqual(
    personalWords({ email: 'Jo.Bloggs-Smith@example.gov.uk', displayName: "Jo O'Brien" }).sort(),
    [
      'bloggs',
      'brien',
      'example',
      'gov',
      "jo o'brien",
      'joobrien',
      'jo.bloggs-smith',
      'jobloggssmith',
      'jo.bloggs-smith@example.gov.uk',
      'smith',
    ].sort(),
  );
});
