import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoAccount } from './load.ts';

/** Prints the demo accounts and, on the embedded database, saves them beside it (readable by its owner only). */
export function printAccounts(accounts: DemoAccount[], dataDir: string | null): void {
  const lines = accounts.map((a) => `  ${a.role.padEnd(22)} ${a.email.padEnd(36)} ${a.password}`);
  const text = `Demo accounts (role, email, password):\n${lines.join('\n')}\n`;
  console.log(`\n${text}`);
  if (dataDir) {
    const file = path.join(dataDir, 'demo-accounts.txt');
    writeFileSync(file, text, { mode: 0o600 });
    console.log(`These are also saved in ${file}`);
  }
}
