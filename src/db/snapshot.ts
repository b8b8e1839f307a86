import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { QueryArrayConfig } from 'pg';
import type { Database } from './database.ts';
import { rowsOf } from './rows.ts';

const dialect = new PgDialect();

/** Statements run one after another on one connection, all seeing the same snapshot of the data. */
export interface Snapshot {
  /** Whether `each` hands rows over as they arrive (PostgreSQL), or after the whole answer (PGlite). */
  streams: boolean;
  /** Runs a statement; its rows as arrays of values in column order. */
  run(query: SQL): Promise<unknown[][]>;
  /**
   * Runs a statement and hands each row to `onRow` as it arrives. On PostgreSQL the rows are
   * handled while the server is still sending the rest, so a large result is never held whole,
   * neither as rows nor as one text. PGlite answers in one piece (it runs in this process).
   */
  each(query: SQL, onRow: (values: unknown[]) => void): Promise<void>;
}

/**
 * Runs `work` in one repeatable-read transaction on one connection: what it
 * reads is of one moment, even over several statements, and temporary tables
 * made `on commit drop` are its own. Rolled back at the end, as it only reads.
 */
export async function inSnapshot<T>(db: Database, work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (!isPool(client)) {
    // PGlite runs one statement at a time for this whole process: a transaction is already one moment.
    let result: T | undefined;
    await db.transaction(async (tx) => {
      const run = async (query: SQL) =>
        rowsOf<Record<string, unknown>>(await tx.execute(query)).map((r) => Object.values(r));
      result = await work({
        streams: false,
        run,
        each: async (query, onRow) => {
          for (const row of await run(query)) onRow(row);
        },
      });
    });
    return result as T;
  }
  // Loaded only here, as database.ts loads it only for PostgreSQL (ADR 0013).
  const { default: pg } = await import('pg');
  const connection = await client.connect();
  const each = (query: SQL, onRow: (values: unknown[]) => void) =>
    new Promise<void>((resolve, reject) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      const config: QueryArrayConfig = { text, values: params, rowMode: 'array' };
      let failed: unknown = null;
      const q = connection.query(new pg.Query(config));
      q.on('row', (row: unknown[]) => {
        if (failed) return;
        try {
          onRow(row);
        } catch (err) {
          // The rest of the rows still arrive (the connection must be read to its end); they are dropped.
          failed = err;
        }
      });
      q.on('error', reject);
      q.on('end', () => (failed ? reject(failed as Error) : resolve()));
    });
  const run = async (query: SQL) => {
    const rows: unknown[][] = [];
    await each(query, (row) => rows.push(row));
    return rows;
  };
  let broken = false;
  try {
    await connection.query('begin isolation level repeatable read');
    return await work({ streams: true, run, each });
  } finally {
    try {
      await connection.query('rollback');
    } catch {
      broken = true;
    }
    connection.release(broken ? true : undefined);
  }
}

interface PoolLike {
  connect(): Promise<{
    query(q: unknown): NodeJS.EventEmitter & Promise<unknown>;
    release(destroy?: boolean): void;
  }>;
}

/** node-postgres's pool (not PGlite), told apart without loading pg. */
function isPool(client: unknown): client is PoolLike {
  return typeof client === 'object' && client !== null && 'totalCount' in client && 'idleCount' in client;
}
