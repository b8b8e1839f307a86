import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretBox } from './secret-box.ts';

test('a sealed secret opens with the same key only, and a changed byte is refused', () => {
  const box = secretBox('a-session-secret-of-at-least-32-characters', 'totp secrets');
  const sealed = box.seal('JBSWY3DPEHPK3PXP');
  assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
  assert.notEqual(box.seal('JBSWY3DPEHPK3PXP'), sealed, 'a new nonce each time');
  assert.equal(box.open(sealed), 'JBSWY3DPEHPK3PXP');
  assert.equal(secretBox('another-session-secret-of-32-characters!!', 'totp secrets').open(sealed), null);
  assert.equal(secretBox('a-session-secret-of-at-least-32-characters', 'other purpose').open(sealed), null);
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = body[0]! ^ 1;
  assert.equal(box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.')), null);
  assert.equal(box.open('not sealed'), null);
});
