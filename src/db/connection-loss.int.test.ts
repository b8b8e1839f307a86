import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from './database.ts';
import type { Services } from '../services/index.ts';
import { testDatabase } from '../../test/support/database.ts';
import { makeCase, makeUser, TEST_PASSWORD, testServices } from '../../test/support/factories.ts';
import { HttpClient } from '../../test/support/http-client.ts';
import { testConfig } from '../../test/support/web.ts';
import { createApp } from '../web/app.ts';

/**
 * PostgreSQL only: the server's connections are ended by the database
 * (pg_terminate_backend, as a restart or failover would) while requests are
 * in flight. The process must live on, the requests caught in it fail with
 * 503, and the pool recovers by itself within seconds.
 */
describe(
  'losing database connections under load',
  { skip: !process.env.DATABASE_URL && 'needs PostgreSQL (DATABASE_URL)' },
  () => {
    let handle: DatabaseHandle;
    let svc: Services;
    let app: FastifyInstance;
    let base: string;
    let admin: pg.Client;
    let databaseName: string;

    before(async () => {
      handle = await testDatabase();
      svc = await testServices(handle);
      app = await createApp(svc, testConfig());
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const { actor } = await makeUser(svc, 'complaints_officer', { email: 'officer.pg@example.gov.uk' });
      for (let i = 0; i < 5; i += 1) await makeCase(svc, actor, { subject: `Complaint ${i}` });
      admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const r = (await handle.db.execute(sql`select current_database() as name`)) as unknown as {
        rows: { name: string }[];
      };
      databaseName = r.rows[0]!.name;
    });
    after(async () => {
      await admin.end();
      await app.close();
      await handle.close();
    });

    const terminate = async () => {
      const r = await admin.query(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [databaseName],
      );
      return (r.rows[0] as { n: number }).n;
    };

    it(
      'keeps answering: 503 for the requests caught, then 200 again within 5 seconds',
      { timeout: 60_000 },
      async () => {
        const client = new HttpClient(base);
        await client.get('/sign-in');
        assert.equal(
          (await client.post('/sign-in', { email: 'officer.pg@example.gov.uk', password: TEST_PASSWORD, next: '/' }))
            .status,
          302,
        );
        const statuses = new Map<number, number>();
        let running = true;
        const load = async () => {
          while (running) {
            const res = await client.get('/?status=all');
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }
        };
        // Work that holds a connection between statements, as every change to a case does in its transaction:
        // an ended connection then has no query to report to, and the client emits 'error' on its own.
        let transactionsFailed = 0;
        const transactions = async () => {
          while (running) {
            await handle.db
              .transaction(async (tx) => {
                await tx.execute(sql`select 1`);
                await new Promise((r) => setTimeout(r, 40));
                await tx.execute(sql`select 1`);
              })
              .catch(() => (transactionsFailed += 1));
          }
        };
        const workers = [...Array.from({ length: 4 }, load), transactions(), transactions()];
        let terminated = 0;
        try {
          for (let round = 0; round < 4; round += 1) {
            await new Promise((r) => setTimeout(r, 150));
            terminated += await terminate();
          }
        } finally {
          running = false;
        }
        await Promise.all(workers);
        assert.ok(terminated > 0, 'the test ended some connections');
        assert.ok(transactionsFailed > 0, 'some transactions were caught by it');
        for (const status of statuses.keys())
          assert.ok(
            status === 200 || status === 503,
            `only 200 or 503, got ${status} (${JSON.stringify([...statuses])})`,
          );

        const deadline = Date.now() + 5000;
        let last = 0;
        while (Date.now() < deadline) {
          last = (await client.get('/?status=all')).status;
          if (last === 200) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(last, 200);
        assert.match(client.lastBody, /Complaint 4/);
        // No connection was left checked out by a transaction whose BEGIN failed: more transactions than the
        // pool holds connections (10) all get one.
        const done = await Promise.all(
          Array.from({ length: 15 }, () =>
            handle.db.transaction(async (tx) => (await tx.execute(sql`select 1 as one`)) && 1),
          ),
        );
        assert.equal(done.length, 15);
      },
    );
  },
);
