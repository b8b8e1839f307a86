import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { freshPostgres } from '../test/support/database.ts';

/** The engines a benchmark runs on: embedded PGlite always, PostgreSQL when a server answers. */
export async function benchEngines(): Promise<{ name: string; url?: string; open: () => Promise<DatabaseHandle> }[]> {
  const engines: { name: string; url?: string; open: () => Promise<DatabaseHandle> }[] = [
    { name: 'pglite', open: () => openDatabase({ engine: 'pglite-memory' }) },
  ];
  const url = await postgresServer();
  if (!url) return engines;
  return [...engines, { name: 'postgres', url, open: () => freshPostgres(url, 'heard_bench') }];
}

/** The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, else DATABASE_URL, else local), or null when it does not answer. */
export async function postgresServer(): Promise<string | null> {
  const url =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
    return url;
  } catch {
    console.log(`PostgreSQL at ${url} did not answer: benchmarking PGlite only.`);
    return null;
  }
}
