/**
 * What `heard help` prints: the commands, each with its usage, what it does
 * and its options. The README's command table says the same
 * (src/cli/cli-readme.test.ts fails when they disagree).
 */
export interface CommandHelp {
  /** The command and its arguments, as typed. */
  usage: string;
  summary: string;
  /** A second line of options, if any. */
  options?: string;
}

export const COMMANDS: readonly CommandHelp[] = [
  { usage: 'start [--demo]', summary: 'Start Heard (with --demo, load demo data first if Heard is empty)' },
  { usage: 'demo', summary: 'Load demo data into an empty Heard, then exit' },
  {
    usage: 'import FILE',
    summary: 'Import cases from a legacy system (.csv or .xlsx); see docs/import-format.md',
    options: '--system NAME (default "Legacy system"), --mapping FILE.json, --dry-run, --report FILE.csv',
  },
  {
    usage: 'setup load|export',
    summary:
      'Set up the organisation and reference data from one YAML file or CSV files (one per list), or export them; see docs/setup-format.md',
    options:
      'setup load FILE.yaml | organisation.csv theme.csv ... [--dry-run] (all or nothing; loading twice adds nothing), setup export [--out FILE.yaml] | --format csv --out FOLDER',
  },
  {
    usage: 'report annual',
    summary: 'The report for a period, with the two before it: the model as JSON, or a document',
    options:
      '--from 2023-04-01 --to 2024-03-31 [--procedure KEY] [--unit NAME] [--format json|html|xlsx|docx] [--edition children|code] [--out FILE] [--team-names as_was|today] [--exclude-migrated] [--publication]',
  },
  {
    usage: 'create-admin',
    summary: 'Create an administrator (--email, --name; password asked for, or HEARD_ADMIN_PASSWORD)',
  },
  { usage: 'migrate', summary: 'Apply database migrations, then exit' },
  {
    usage: 'backup FILE',
    summary:
      'Copy the embedded database and the attached files into one file (stop the server first); see "Backups" in the README',
  },
  {
    usage: 'restore FILE',
    summary: 'Restore a backup into the data folder (stop the server first)',
    options: '--force to replace a database that is already there (it is kept beside it, not deleted)',
  },
  {
    usage: 'dispose',
    summary: 'The disposal run under the retention schedule: list the cases due, or anonymise those due today',
    options: '--preview [--out FILE.csv] (the closed cases due within a year, held ones marked), --confirm',
  },
  { usage: 'help', summary: 'Show this help' },
];

const COLUMN = 24;

export const HELP = `Usage: heard <command> [options]

Commands:
${COMMANDS.map(
  (c) => `  ${c.usage.padEnd(COLUMN - 4)}  ${c.summary}${c.options ? `\n${' '.repeat(COLUMN)}${c.options}` : ''}`,
).join('\n')}

Environment: DATABASE_URL (PostgreSQL; unset = embedded PGlite in HEARD_DATA_DIR, default .heard-data),
PORT (3000), HOST (127.0.0.1), SESSION_SECRET (required in production), COUNCIL_NAME, REFERENCE_PREFIX.`;
