import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';

// The same rule as the lint config, kept here too so `npm test` alone catches it.
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

it('src/domain stays pure: no outer layers, no I/O, no system clock', () => {
  const offences: string[] = [];
  for (const file of files('src/domain')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from ['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (
        /(^|\/)(db|web|services|reports|cli)(\/|$)/.test(spec) ||
        /^(node:)?(fs|net|http|https|child_process)(\/|$)/.test(spec) ||
        /^(pg|drizzle-orm|fastify|@fastify|@electric-sql)/.test(spec)
      )
        offences.push(`${file}: imports ${spec}`);
    }
    if (/Date\.now\(\)|new Date\(\)/.test(text)) offences.push(`${file}: reads the system clock`);
  }
  assert.deepEqual(offences, []);
});
