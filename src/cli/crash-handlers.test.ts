import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

/** Runs a small script in its own Node process with the crash handlers installed. */
function run(body: string) {
  const script = `
    import pino from 'pino';
    import { installCrashHandlers } from './src/cli/crash-handlers.ts';
    const log = pino({ base: null, timestamp: false });
    installCrashHandlers(log, async () => { console.log('STOPPED'); });
    ${body}
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('crash handlers', () => {
  it('logs a rejected promise nobody handled, and keeps running', () => {
    const r = run(
      `Promise.reject(new Error('lost promise')); setTimeout(() => { console.log('STILL HERE'); process.exit(0); }, 200);`,
    );
    assert.equal(r.status, 0);
    assert.match(r.stdout, /"level":50.*lost promise/);
    assert.match(r.stdout, /STILL HERE/);
  });

  it('stops cleanly and exits with 1 on an uncaught exception, for a supervisor to restart', () => {
    const r = run(
      `setImmediate(() => { throw new Error('thrown outside a request'); }); setTimeout(() => console.log('SHOULD NOT RUN'), 2000);`,
    );
    assert.equal(r.status, 1);
    assert.match(r.stdout, /"level":60.*thrown outside a request/);
    assert.match(r.stdout, /STOPPED/);
    assert.doesNotMatch(r.stdout, /SHOULD NOT RUN/);
  });
});
