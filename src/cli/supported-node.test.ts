import assert from 'node:assert/strict';
import { it } from 'node:test';
import { unsupportedNodeWarning } from './supported-node.ts';

it('warns on Node 20 and older, naming the version and the supported ones', () => {
  const warning = unsupportedNodeWarning('v20.19.2');
  assert.match(
    warning ?? '',
    /supports Node\.js 22 or later .*this is Node\.js 20\.19\.2, which no longer gets security fixes/,
  );
  assert.notEqual(unsupportedNodeWarning('v18.0.0'), null);
});

it('says nothing on Node 22, 24 and later', () => {
  for (const v of ['v22.0.0', 'v22.12.0', 'v24.11.1', 'v26.0.0']) assert.equal(unsupportedNodeWarning(v), null, v);
});
