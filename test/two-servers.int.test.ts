import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/db/database.ts';
import { rowsOf } from '../src/db/rows.ts';
import type { Clock } from '../src/domain/clock.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { testDatabase } from './support/database.ts';
import { makeUser, TEST_PASSWORD } from './support/factories.ts';
import { tempFolder } from './support/files.ts';
import { freePort } from './support/free-port.ts';
import { HttpClient } from './support/http-client.ts';
import { testConfig } from './support/web.ts';
import { heardArgs } from './support/cli.ts';

/**
 * Two Heard servers on one PostgreSQL database, as behind a load balancer
 * (ADR 0020): server A is `heard start` in its own process, server B runs in
 * this one. Both send email through GOV.UK Notify's API, here a small server
 * in this process that counts what each accepts, by the message's reference.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
const NOTIFY_KEY = 'heard_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const NOTIFY_TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a';
const BACKGROUND_SECONDS = 0.2;

/** Notify's API, as far as sending email goes: answers after a short wait, or (held) never. */
class FakeNotify {
  /** Each message Notify accepted: by which server, under which reference (Heard's notification id). */
  readonly accepted: { server: string; reference: string }[] = [];
  /** Requests from a held server: received, not answered (until released). */
  held: { server: string; reference: string; res: ServerResponse }[] = [];
  holding = new Set<string>();
  private readonly server: Server;
  url = '';
  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const server = (req.url ?? '').split('/')[1]!;
      const { reference } = JSON.parse(body) as { reference: string };
      if (this.holding.has(server)) {
        this.held.push({ server, reference, res });
        return;
      }
      // A short wait, as a real API takes: both servers are then sending at the same time.
      setTimeout(() => this.accept(server, reference, res), 15);
    });
  }
  private accept(server: string, reference: string, res: ServerResponse): void {
    this.accepted.push({ server, reference });
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `notify-${reference}`, reference, content: {}, uri: '', template: {} }));
  }
  /** Answers a held server's requests, and its next ones as usual. */
  release(server: string): void {
    this.holding.delete(server);
    for (const h of this.held.filter((x) => x.server === server)) this.accept(h.server, h.reference, h.res);
    this.held = this.held.filter((x) => x.server !== server);
  }
  heldFrom(server: string): string[] {
    return this.held.filter((x) => x.server === server).map((x) => x.reference);
  }
  timesAccepted(reference: string): number {
    return this.accepted.filter((a) => a.reference === reference).length;
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `heard start` as an operator runs it, on the shared database; resolves with its address once it listens. */
async function startProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, heardArgs('start'), {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /Heard is running at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`heard start exited with ${code}: ${err}`)));
  });
  return { child, url };
}

describe(
  'two servers on one database',
  {
    timeout: 180_000,
    skip:
      !process.env.DATABASE_URL &&
      'two server processes share one database: PostgreSQL only (the embedded PGlite database is one process)',
  },
  () => {
    let handle: DatabaseHandle;
    let notify: FakeNotify;
    let a: { child: ChildProcess; url: string };
    let b: RunningServer;
    // B's clock runs with real time, moved on when the test says: as if minutes had passed.
    let offsetMs = 0;
    const clockB: Clock = { now: () => new Date(Date.now() + offsetMs) };

    const pending = async () =>
      rowsOf<{ id: string; attempts: number; next_attempt_at: string }>(
        await handle.db.execute(
          sql`select id, attempts, next_attempt_at::text from notifications where status = 'pending' order by id`,
        ),
      );
    const queue = async (count: number, batch: string): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        await b.svc.notifications.enqueue(b.svc.db, {
          caseId: null,
          dedupeKey: `two-servers:${batch}:${i}`,
          template: 'reminder',
          to: `manager${i}@example.gov.uk`,
          subject: `Message ${batch} ${i}`,
          body: 'A response is due soon.',
        });
      }
      for (const r of rowsOf<{ id: string }>(
        await handle.db.execute(sql`select id from notifications where dedupe_key like ${`two-servers:${batch}:%`}`),
      ))
        ids.push(r.id);
      assert.equal(ids.length, count);
      return ids;
    };

    before(async () => {
      handle = await testDatabase();
      const [db] = rowsOf<{ name: string }>(await handle.db.execute(sql`select current_database() as name`));
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${db!.name}`;
      notify = new FakeNotify();
      await notify.start();
      // One file store for both, as several servers need (ADR 0010).
      const filesDir = tempFolder();
      b = await startServer(
        testConfig({
          port: 0,
          databaseUrl: url.toString(),
          filesDir,
          notifications: { via: 'notify', apiKey: NOTIFY_KEY, templateId: NOTIFY_TEMPLATE, baseUrl: `${notify.url}/b` },
          backgroundEveryMs: BACKGROUND_SECONDS * 1000,
        }),
        clockB,
      );
      const { DATABASE_URL: _unused, ...inherited } = process.env;
      a = await startProcess({
        ...inherited,
        NODE_ENV: 'test',
        DATABASE_URL: url.toString(),
        SESSION_SECRET: SECRET,
        HEARD_FILES_DIR: filesDir,
        HEARD_MFA_FOR_ADMINISTRATORS: 'false',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        NOTIFICATIONS: 'notify',
        NOTIFY_API_KEY: NOTIFY_KEY,
        NOTIFY_TEMPLATE_ID: NOTIFY_TEMPLATE,
        NOTIFY_BASE_URL: `${notify.url}/a`,
        HEARD_BACKGROUND_SECONDS: String(BACKGROUND_SECONDS),
      });
    });
    after(async () => {
      if (a?.child.exitCode === null && a.child.signalCode === null) {
        const exited = new Promise((resolve) => a.child.once('exit', resolve));
        a.child.kill('SIGTERM');
        await exited;
      }
      await b?.stop();
      await notify?.stop();
      await handle?.close();
    });

    it('a session made on one server works on the other, and signing out on either ends it on both', async () => {
      const { user } = await makeUser(b.svc, 'complaints_officer', { displayName: 'Priya Shared' });
      const onA = new HttpClient(a.url);
      await onA.get('/sign-in');
      const signedIn = await onA.post('/sign-in', { email: user.email, password: TEST_PASSWORD, next: '/cases' });
      assert.equal(signedIn.status, 302);
      assert.equal(signedIn.headers.get('location'), '/cases');

      const onB = onA.sameBrowserAt(b.url);
      const list = await onB.get('/cases');
      assert.equal(list.status, 200);
      assert.match(onB.lastBody, /Priya Shared/);
      // The form's token came from B's page; the session it belongs to was made on A.
      const out = await onB.post('/sign-out', {});
      assert.equal(out.status, 302);
      const after = await onA.get('/cases');
      assert.equal(after.status, 302);
      assert.match(after.headers.get('location') ?? '', /^\/sign-in/);
    });

    it('queued email is sent exactly once, by whichever server claims it first', async () => {
      // B waits on Notify until A has sent one, so that both are seen sending, whichever starts first.
      notify.holding.add('b');
      const ids = await queue(60, 'first');
      await until('server A to send one', () => notify.accepted.some((x) => x.server === 'a'));
      notify.release('b');
      await until('every message sent', async () => notify.accepted.length >= 60 && (await pending()).length === 0);
      for (const id of ids) assert.equal(notify.timesAccepted(id), 1, `message ${id} accepted once`);
      assert.equal(notify.accepted.length, 60);
      const byServer = (s: string) => notify.accepted.filter((x) => x.server === s).length;
      assert.ok(byServer('a') > 0, `server A sent ${byServer('a')}`);
      assert.ok(byServer('b') > 0, `server B sent ${byServer('b')}`);
      const rows = rowsOf<{ status: string; attempts: number; provider_ref: string; id: string }>(
        await handle.db.execute(sql`select id, status, attempts, provider_ref from notifications`),
      );
      assert.equal(rows.length, 60);
      for (const r of rows) {
        assert.equal(r.status, 'sent');
        assert.equal(r.attempts, 1);
        assert.equal(r.provider_ref, `notify-${r.id}`);
      }
    });

    it('a server killed while sending loses nothing: the other sends its message once its claim runs out', async () => {
      // Notify answers neither server for now, so B cannot send everything before A has claimed a message.
      notify.holding.add('a');
      notify.holding.add('b');
      const ids = await queue(30, 'second');
      // A claims a message and waits on Notify, which never answers it: then A dies.
      await until('server A to be sending', () => notify.heldFrom('a').length > 0);
      const exited = new Promise((resolve) => a.child.once('exit', resolve));
      a.child.kill('SIGKILL');
      await exited;
      assert.equal(notify.heldFrom('a').length, 1, 'A sends one message at a time');
      const lost = notify.heldFrom('a')[0]!;
      assert.ok(ids.includes(lost));
      notify.release('b');

      // B sends everything else; A's message waits out its claim, so it is not sent twice while A might be sending.
      await until('B to send the rest', () => notify.accepted.length >= 60 + 29);
      // A few more of B's runs: none of them may take A's message while A's claim lasts.
      await new Promise((resolve) => setTimeout(resolve, 5 * BACKGROUND_SECONDS * 1000));
      const waiting = await pending();
      assert.deepEqual(
        waiting.map((w) => w.id),
        [lost],
      );
      assert.deepEqual(notify.heldFrom('a'), [lost], 'nothing else reached Notify from A');
      assert.equal(waiting[0]!.attempts, 1);
      assert.equal(notify.timesAccepted(lost), 0);
      assert.equal(notify.accepted.length, 60 + 29);

      offsetMs = 6 * 60_000; // past the five-minute claim
      await until('B to send the message A was sending', async () => (await pending()).length === 0);
      assert.equal(notify.timesAccepted(lost), 1);
      assert.deepEqual(
        notify.accepted.filter((x) => x.reference === lost).map((x) => x.server),
        ['b'],
      );
      for (const id of ids) assert.equal(notify.timesAccepted(id), 1, `message ${id} accepted once`);
      assert.equal(notify.accepted.length, 90);
      const [row] = rowsOf<{ status: string; attempts: number }>(
        await handle.db.execute(sql`select status, attempts from notifications where id = ${lost}`),
      );
      assert.deepEqual(row, { status: 'sent', attempts: 2 });
    });
  },
);
