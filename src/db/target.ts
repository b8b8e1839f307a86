import type { DatabaseTarget } from './database.ts';

/** PostgreSQL when a URL is configured, else the embedded database in the data folder, locked for `command`. */
export function databaseTarget(
  config: { databaseUrl?: string | undefined; dataDir: string },
  command: string,
): DatabaseTarget {
  return config.databaseUrl
    ? { engine: 'postgres', url: config.databaseUrl }
    : { engine: 'pglite', dataDir: config.dataDir, command };
}
