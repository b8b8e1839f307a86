import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { databaseTarget } from '../../db/target.ts';
import { SYSTEM_ACTOR } from '../../services/actor.ts';
import { services } from '../../services/index.ts';
import { systemClock } from '../../services/system-clock.ts';

/** heard create-admin --email E --name N: an administrator, with a password that meets the policy. */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.name) {
    console.error(
      'Give the new administrator with --email and --name, e.g. heard create-admin --email jo@council.gov.uk --name "Jo Bloggs"',
    );
    return 2;
  }
  const password = process.env.HEARD_ADMIN_PASSWORD ?? (await askPassword());
  const handle = await openDatabase(databaseTarget(config, 'heard create-admin'));
  try {
    const svc = services(handle.db, systemClock, { referencePrefix: config.referencePrefix });
    const user = await svc.users.create(SYSTEM_ACTOR, {
      email: values.email,
      displayName: values.name,
      role: 'administrator',
      password,
    });
    console.log(`Created administrator ${user.displayName} <${user.email}>.`);
  } finally {
    await handle.close();
  }
  return 0;
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  const prompt = 'Password (at least 12 characters, hard to guess: three or four random words work well): ';
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo the prompt but not what is typed.
  const quiet = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  quiet._writeToOutput = (s: string) => {
    if (s.includes(prompt) || s === '\r\n' || s === '\n') quiet.output.write(s);
  };
  const password = await rl.question(prompt);
  rl.close();
  process.stdout.write('\n');
  return password;
}
