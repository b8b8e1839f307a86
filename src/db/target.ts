import { SMALL_PAGE_CACHE_MB, type DatabaseTarget } from './database.ts';

/**
 * PostgreSQL when a URL is configured, else the embedded database in the data folder, locked for `command`.
 * A command other than the server opens it with a small page cache (database.ts, `pageCacheMb`): it starts
 * sooner, and the server, which runs all day, keeps PostgreSQL's default.
 */
export function databaseTarget(
  config: { databaseUrl?: string | undefined; dataDir: string },
  command: string,
  /** 'server' keeps PostgreSQL's default page cache: the server runs all day, and starts once. */
  runs: 'server' | 'command' = 'command',
): DatabaseTarget {
  return config.databaseUrl
    ? { engine: 'postgres', url: config.databaseUrl }
    : {
        engine: 'pglite',
        dataDir: config.dataDir,
        command,
        ...(runs === 'server' ? {} : { pageCacheMb: SMALL_PAGE_CACHE_MB }),
      };
}
