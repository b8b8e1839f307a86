import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
const c = await PGlite.create('/tmp/xdemo/pgdata', { extensions: { pg_trgm } });
const { drizzle } = await import('drizzle-orm/pglite');
const { migrate } = await import('drizzle-orm/pglite/migrator');
for (const q of ['select 1', 'create schema if not exists drizzle', 'select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1', 'select count(*) from feedback_cases', 'select count(*) from audit_events']) {
  const t = performance.now(); await c.query(q); console.log(Math.round(performance.now() - t), q);
}
for (let i = 0; i < 2; i++) { const t = performance.now(); await migrate(drizzle(c) as never, { migrationsFolder: 'src/db/migrations' }); console.log('migrate', Math.round(performance.now() - t)); }
await c.close();
