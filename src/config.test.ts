import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const base = { NODE_ENV: 'test', SESSION_SECRET: 'a-test-secret-that-is-at-least-32-characters-long' } as const;

it('sessions last 8 hours idle and 12 hours in all unless configured', () => {
  assert.deepEqual(loadConfig({ ...base }).session, { idleMinutes: 30, absoluteHours: 12 });
  assert.deepEqual(loadConfig({ ...base, SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '9' }).session, {
    idleMinutes: 30,
    absoluteHours: 9,
  });
});

it('refuses a session lifetime that is not a whole number in range', () => {
  for (const bad of [
    { SESSION_IDLE_MINUTES: '0' },
    { SESSION_IDLE_MINUTES: 'eight hours' },
    { SESSION_ABSOLUTE_HOURS: '0' },
    { SESSION_ABSOLUTE_HOURS: '1.5' },
    { SESSION_ABSOLUTE_HOURS: '100000' },
  ]) {
    assert.throws(() => loadConfig({ ...base, ...bad }), ConfigError, JSON.stringify(bad));
  }
});
