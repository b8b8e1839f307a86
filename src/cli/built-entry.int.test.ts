import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { buildCli, currentBuild } from '../../scripts/build-cli.mjs';
import { unsupportedNodeWarning } from './supported-node.ts';
import { freePort } from '../../test/support/free-port.ts';
import { copyMigratedDataFolder } from '../../test/support/pglite-template.ts';
import { embeddedOnly } from '../../test/support/database.ts';

/** What a command printed on stderr, less the warning every command gives on a Node older than 22 (tested in supported-node.test.ts). */
function withoutNodeWarning(stderr: string): string {
  const warning = unsupportedNodeWarning(process.version);
  return warning ? stderr.replace(`${warning}\n`, '') : stderr;
}

/**
 * The compiled command line (ADR 0013) runs the same commands as the
 * TypeScript sources, and finds the files beside them (migrations, views,
 * styles, shipped data) from its own folder. Built into folders of its own,
 * so that the test never touches the build npm start runs; inside the
 * project, where the bundle finds node_modules.
 */
const work = mkdtempSync(path.join(tmpdir(), 'heard-built-'));
const builds = mkdtempSync(path.join('.cache', 'cli-test-'));
const buildDir = path.join(builds, 'build');
let entry = '';
before(async () => {
  entry = (await buildCli(buildDir)).entry;
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(builds, { recursive: true, force: true });
});

const { DATABASE_URL: postgresUrl, ...withoutDatabase } = process.env;
const run = promisify(execFile);
const built = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [entry, ...args], { env });
const fromSource = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/heard.ts', ...args], { env });
const embedded = (name: string): NodeJS.ProcessEnv => ({
  ...withoutDatabase,
  NODE_ENV: 'test',
  HEARD_DATA_DIR: path.join(work, name),
});
/** A data folder migrated already, where the test is not about a first start: each saves a migration (about 6 s). */
const migrated = async (name: string): Promise<NodeJS.ProcessEnv> => {
  const env = embedded(name);
  await copyMigratedDataFolder(env.HEARD_DATA_DIR!);
  return env;
};

describe('the compiled command line', () => {
  it(
    'prints the same help as the sources, and the same refusal of an unknown command',
    { skip: embeddedOnly },
    async () => {
      const env = embedded('help');
      assert.equal((await built(['--help'], env)).stdout, (await fromSource(['--help'], env)).stdout);
      assert.match((await built(['help'], env)).stdout, /^Usage: heard <command> \[options\]\n\nCommands:\n {2}start/);
      const unknown = await built(['frobnicate'], env).then(
        () => assert.fail('an unknown command succeeded'),
        (err: { code: number; stderr: string }) => err,
      );
      assert.equal(unknown.code, 2);
      assert.match(withoutNodeWarning(unknown.stderr), /^Unknown command "frobnicate"\.\n\nUsage: heard/);
    },
  );

  it(
    'migrates an empty data folder, and then exports the same set-up as the sources do',
    { skip: embeddedOnly },
    async () => {
      const env = embedded('migrate');
      assert.equal((await built(['migrate'], env)).stdout, 'The database is up to date.\n');
      // A command leaves the database's WebAssembly as first compiled: optimising it made each command wait
      // seconds before it could exit (src/db/wasm-tiering.ts). V8 says how it compiled each function.
      const traced = await run(process.execPath, ['--trace-wasm-compilation-times', entry, 'migrate'], { env });
      assert.match(traced.stdout, /using Liftoff/);
      assert.doesNotMatch(traced.stdout, /using TurboFan/);
      assert.match(traced.stdout, /The database is up to date\.\n$/);
      const exported = (await built(['setup', 'export'], env)).stdout;
      assert.match(exported, /\nreferenceData:\n {2}category:\n/);
      // The first line names the day of the export: the two runs may fall either side of midnight.
      const undated = (text: string) =>
        text.replace(/^# Heard set-up, exported \d{4}-\d{2}-\d{2}:/, '# Heard set-up, exported DAY:');
      assert.match(exported, /^# Heard set-up, exported \d{4}-\d{2}-\d{2}:/);
      assert.equal(undated(exported), undated((await fromSource(['setup', 'export'], env)).stdout));
    },
  );

  it(
    'reports a bad password as the sources do: the field and the policy, exit status 1',
    { skip: embeddedOnly },
    async () => {
      const env = { ...(await migrated('create-admin')), HEARD_ADMIN_PASSWORD: 'password1234' };
      const refused = await built(['create-admin', '--email', 'jo@example.gov.uk', '--name', 'Jo Bloggs'], env).then(
        () => assert.fail('a common password was accepted'),
        (err: { code: number; stderr: string }) => err,
      );
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^password: .*Choose a password that is harder to guess/m);
    },
  );

  it('serves pages from its templates and the styles built at install', { skip: embeddedOnly }, async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [entry, 'start'], {
      // An empty data folder, as `npm start` finds on a fresh machine.
      env: { ...embedded('server'), NODE_ENV: 'development', PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let signIn: { status: number; body: string } | null = null;
      for (let tries = 0; tries < 600 && !signIn; tries++) {
        assert.equal(server.exitCode, null, 'the server exited');
        signIn = await get(port, '/sign-in');
        if (!signIn) await sleep(200);
      }
      assert.equal(signIn?.status, 200);
      assert.match(signIn!.body, /<form[^>]+method="post"/);
      const stylesheet = /href="(\/[^"]+\.css(?:\?v=[0-9a-f]+)?)"/.exec(signIn!.body)?.[1];
      assert.ok(stylesheet, 'the page links a stylesheet');
      const css = await get(port, stylesheet);
      assert.equal(css?.status, 200);
      assert.match(css!.body, /govuk-/);
    } finally {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
    }
  });

  it(
    'migrates a PostgreSQL database named by DATABASE_URL, and starts on it, building its dashboard in a thread of its own',
    { skip: !postgresUrl && 'DATABASE_URL is not set' },
    async () => {
      const name = `heard_built_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
        const url = new URL(postgresUrl!);
        url.pathname = `/${name}`;
        const env = { ...withoutDatabase, NODE_ENV: 'test', DATABASE_URL: url.toString() };
        assert.equal((await built(['migrate'], env)).stdout, 'The database is up to date.\n');
        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        const applied = await db.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
        await db.end();
        const journal = JSON.parse(readFileSync('src/db/migrations/meta/_journal.json', 'utf8')) as {
          entries: unknown[];
        };
        assert.equal(Number(applied.rows[0]!.n), journal.entries.length);
        // The server it starts prepares the dashboard in a report model's own thread, which the compiled build
        // starts from its second entry beside heard.js (services/reports/model-thread.ts): its log says when done.
        const port = await freePort();
        const server = spawn(process.execPath, [entry, 'start'], {
          env: {
            ...env,
            NODE_ENV: 'development',
            PORT: String(port),
            LOG_LEVEL: 'info',
            HEARD_DATA_DIR: path.join(work, 'postgres-server'),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        try {
          let log = '';
          server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
          for (let tries = 0; tries < 300 && !/first view (is ready|could not be prepared)/.test(log); tries++) {
            assert.equal(server.exitCode, null, 'the server exited');
            await sleep(200);
          }
          assert.match(log, /The dashboard's first view is ready/);
        } finally {
          if (server.exitCode === null && server.signalCode === null) {
            const exited = new Promise((resolve) => server.once('exit', resolve));
            server.kill('SIGTERM');
            await exited;
          }
        }
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );
});

describe('a build is never run stale', { skip: embeddedOnly }, () => {
  it('is current right after building, listing every source file it read', () => {
    const current = currentBuild(buildDir);
    assert.ok('entry' in current, 'stale' in current ? current.stale : '');
    assert.equal(current.entry, entry);
    const manifest = JSON.parse(readFileSync(path.join(buildDir, 'build.json'), 'utf8')) as {
      files: Record<string, unknown>;
    };
    for (const file of ['src/cli/heard.ts', 'src/cli/commands/migrate.ts', 'src/web/app.ts', 'tsconfig.json'])
      assert.ok(file in manifest.files, `the build lists ${file}`);
    // drizzle-orm is compiled in (scripts/build-cli.mjs, BUNDLED): a new version of it makes the build stale.
    assert.ok(Object.keys(manifest.files).some((f) => f.startsWith('node_modules/drizzle-orm/')));
    assert.ok(!Object.keys(manifest.files).some((f) => f.startsWith('node_modules/fastify/')), 'others stay packages');
  });

  it('is stale when a source file has another size or time, is gone, or the build was never made', () => {
    const manifestFile = path.join(buildDir, 'build.json');
    const original = readFileSync(manifestFile, 'utf8');
    const manifest = JSON.parse(original) as { files: Record<string, [number, number]> };
    try {
      const edited = structuredClone(manifest);
      edited.files['src/cli/help.ts']![0] += 1;
      writeFileSync(manifestFile, JSON.stringify(edited));
      assert.deepEqual(currentBuild(buildDir), { stale: 'src/cli/help.ts has changed' });
      const touched = structuredClone(manifest);
      touched.files['src/config.ts']![1] -= 1000;
      writeFileSync(manifestFile, JSON.stringify(touched));
      assert.deepEqual(currentBuild(buildDir), { stale: 'src/config.ts has changed' });
      const gone = structuredClone(manifest);
      gone.files['src/cli/no-such-file.ts'] = [1, 1];
      writeFileSync(manifestFile, JSON.stringify(gone));
      assert.deepEqual(currentBuild(buildDir), { stale: 'src/cli/no-such-file.ts is gone' });
    } finally {
      writeFileSync(manifestFile, original);
    }
    assert.ok('entry' in currentBuild(buildDir));
    assert.deepEqual(currentBuild(path.join(work, 'never-built')), { stale: 'not built yet' });
  });

  it('the launcher rebuilds a stale build before running it', async () => {
    const launcherDir = path.join(builds, 'launcher');
    await buildCli(launcherDir);
    // A file the build read, given an older time: as after a checkout of another branch.
    const manifestFile = path.join(launcherDir, 'build.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, [number, number]> };
    manifest.files['src/cli/help.ts']![1] += 1;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const env = { ...embedded('launcher'), HEARD_BUILD_DIR: launcherDir };
    const { stdout, stderr } = await run(process.execPath, ['scripts/heard.mjs', '--help'], { env });
    assert.match(withoutNodeWarning(stderr), /^Compiling Heard \(src\/cli\/help\.ts has changed\)\.\.\.\n$/);
    assert.match(stdout, /^Usage: heard/);
    assert.ok('entry' in currentBuild(launcherDir), 'the rebuilt build is current');
    const again = await run(process.execPath, ['scripts/heard.mjs', '--help'], { env });
    assert.equal(withoutNodeWarning(again.stderr), '', 'a current build runs without compiling');
  });
});

async function get(port: number, urlPath: string): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 30_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
  });
}
