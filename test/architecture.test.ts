import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The layers of src/ and what each may import (README, "Where things are").
 * A layer is a folder of src/ (or config.ts, server.ts); a file may import its
 * own layer and those listed here, nothing else in src/, and nothing outside
 * src/ but packages. Tests (*.test.ts) may import anything: they exercise
 * the wiring and share test/support.
 */
const ALLOWED = {
  domain: [],
  config: [],
  db: ['domain'],
  storage: ['domain'],
  // heard backup and restore: the database's folder (and its lock) and the file store's, as files.
  backup: ['domain', 'db', 'storage'],
  reports: ['domain', 'db'],
  services: ['domain', 'db', 'storage', 'reports', 'config'],
  web: ['domain', 'services', 'reports', 'config'],
  server: ['domain', 'config', 'db', 'storage', 'services', 'web'],
  cli: ['domain', 'config', 'db', 'storage', 'backup', 'reports', 'services', 'web', 'server'],
} as const satisfies Record<string, readonly string[]>;
type Layer = keyof typeof ALLOWED;

/** Single files another layer may import although the table says no, each with its reason. */
const EXCEPTIONS: readonly { from: Layer; file: string; why: string }[] = [
  {
    from: 'web',
    file: 'src/db/connection-errors.ts',
    why: 'the error page tells a lost database (503) and input the database refused (400) from a fault (500)',
  },
];

function layerOf(file: string): Layer | 'outside src' | 'unknown' {
  const parts = file.split('/');
  if (parts[0] !== 'src') return 'outside src';
  const top = parts.length === 2 ? parts[1]!.replace(/\.ts$/, '') : parts[1]!;
  return top in ALLOWED ? (top as Layer) : 'unknown';
}

/** Every module a file names: static and type imports, re-exports, side-effect and dynamic imports. */
function importsOf(text: string): string[] {
  const specs = [
    ...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
  ].map((m) => m[1]!);
  return [...new Set(specs)];
}

/** What breaks the table, for files (relative to the repository, with '/') and the modules they name. */
function layerViolations(imports: readonly { file: string; spec: string }[]): string[] {
  const offences: string[] = [];
  for (const { file, spec } of imports) {
    const from = layerOf(file);
    if (from === 'outside src') continue;
    if (from === 'unknown') {
      offences.push(`${file}: is in no layer (add its folder to ALLOWED)`);
      continue;
    }
    if (!spec.startsWith('.')) continue; // a package
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    const to = layerOf(target);
    if (to === 'outside src') offences.push(`${file}: imports ${spec}, outside src/`);
    else if (to === 'unknown') offences.push(`${file}: imports ${spec}, in no layer`);
    else if (
      to !== from &&
      !(ALLOWED[from] as readonly string[]).includes(to) &&
      !EXCEPTIONS.some((e) => e.from === from && e.file === target)
    )
      offences.push(`${file}: ${from} may not import ${to} (${spec})`);
  }
  return offences;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.posix.join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [path.posix.join(dir, e.name)]
        : [],
  );
}

describe('layers', () => {
  it('every file in src/ imports only what its layer may', () => {
    const imports = files('src').flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).map((spec) => ({ file, spec })),
    );
    assert.ok(imports.length > 500, `found only ${imports.length} imports: is the scanner reading the files?`);
    assert.deepEqual(layerViolations(imports), []);
  });

  it('every exception is still needed', () => {
    const used = files('src').flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).map((spec) => ({
        from: layerOf(file),
        target: path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)),
      })),
    );
    for (const e of EXCEPTIONS)
      assert.ok(
        used.some((u) => u.from === e.from && u.target === e.file),
        `${e.from} -> ${e.file} is allowed but unused`,
      );
  });

  it('the checker finds a file breaking the table', () => {
    assert.deepEqual(
      layerViolations([
        { file: 'src/reports/figures.ts', spec: '../services/actor.ts' },
        { file: 'src/services/cases.ts', spec: '../web/app.ts' },
        { file: 'src/web/routes/cases/index.ts', spec: '../../../db/schema/index.ts' },
        { file: 'src/db/database.ts', spec: '../reports/facts.ts' },
        { file: 'src/domain/clock.ts', spec: '../db/database.ts' },
        { file: 'src/server.ts', spec: '../scripts/build-assets.ts' },
        { file: 'src/services/index.ts', spec: '../../test/support/database.ts' },
        { file: 'src/newlayer/x.ts', spec: '../domain/clock.ts' },
      ]),
      [
        'src/reports/figures.ts: reports may not import services (../services/actor.ts)',
        'src/services/cases.ts: services may not import web (../web/app.ts)',
        'src/web/routes/cases/index.ts: web may not import db (../../../db/schema/index.ts)',
        'src/db/database.ts: db may not import reports (../reports/facts.ts)',
        'src/domain/clock.ts: domain may not import db (../db/database.ts)',
        'src/server.ts: imports ../scripts/build-assets.ts, outside src/',
        'src/services/index.ts: imports ../../test/support/database.ts, outside src/',
        'src/newlayer/x.ts: is in no layer (add its folder to ALLOWED)',
      ],
    );
  });

  it('the checker allows a layer its own files, the table, the exceptions and packages', () => {
    assert.deepEqual(
      layerViolations([
        { file: 'src/services/reports/reports.ts', spec: '../../reports/model.ts' },
        { file: 'src/services/cases.ts', spec: './actor.ts' },
        { file: 'src/web/middleware/errors.ts', spec: '../../db/connection-errors.ts' },
        { file: 'src/cli/heard.ts', spec: '../server.ts' },
        { file: 'src/domain/clock.ts', spec: 'node:crypto' },
        { file: 'scripts/build-assets.ts', spec: '../src/web/assets.ts' },
      ]),
      [],
    );
  });

  it('the scanner sees every kind of import', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      'import {',
      '  c,',
      "} from './c.ts';",
      "export { d } from './d.ts';",
      "import './e.ts';",
      "const f = await import('./f.ts');",
    ].join('\n');
    assert.deepEqual(importsOf(text).sort(), ['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts', './f.ts']);
  });
});

// The domain's own rule, stricter than the table: the lint config says the same, kept here too so `npm test` alone catches it.
it('src/domain stays pure: no outer layers, no I/O, no system clock', () => {
  const offences: string[] = [];
  for (const file of files('src/domain')) {
    const text = readFileSync(file, 'utf8');
    for (const spec of importsOf(text)) {
      if (
        /(^|\/)(db|web|services|reports|cli|storage)(\/|$)/.test(spec) ||
        /^(node:)?(fs|net|http|https|child_process)(\/|$)/.test(spec) ||
        /^(pg|drizzle-orm|fastify|@fastify|@electric-sql)/.test(spec)
      )
        offences.push(`${file}: imports ${spec}`);
    }
    if (/Date\.now\(\)|new Date\(\)/.test(text)) offences.push(`${file}: reads the system clock`);
  }
  assert.deepEqual(offences, []);
});
