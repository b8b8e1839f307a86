/**
 * Heard's command line and server, compiled to JavaScript (ADR 0013).
 *
 * esbuild bundles src/cli/heard.ts and every source file it imports into
 * .cache/cli/<build>/, one chunk per command that heard.ts loads lazily;
 * packages stay in node_modules. Written in JavaScript because it runs
 * before anything could compile TypeScript (scripts/heard.mjs calls it).
 *
 * A build never runs stale: .cache/cli/build.json lists every file the build
 * read, with its size and modification time, and scripts/heard.mjs compares
 * them (a stat each, a few milliseconds) before every start, rebuilding when
 * one differs. Builds are written to a new folder and switched to by renaming
 * build.json, so a process starting meanwhile sees the old build or the new
 * one, whole; a running server keeps the folder it started from, because the
 * three newest builds are kept.
 *
 * Inside a source file, import.meta.url keeps meaning that file's own address
 * (src/web/app.ts finds src/web/views beside it), whether it runs under tsx or
 * from a bundle: the build rewrites it to the source file's path, relative to
 * the bundle, so a moved folder still works.
 *
 * Run directly (npm run build:cli, and npm install's postinstall) it builds now.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_DIR = path.join(root, '.cache', 'cli');
const ENTRY = 'src/cli/heard.ts';
/** A report model's own thread (src/services/reports/model-thread.ts) starts from this entry, beside heard.js. */
const REPORT_MODEL_WORKER = 'src/services/reports/model-worker.ts';
/** Read by the build although no source imports them: a change to one changes the output. */
const BUILD_CONFIG = ['scripts/build-cli.mjs', 'tsconfig.json', 'package.json'];
const MANIFEST_VERSION = 1;
const BUILDS_KEPT = 3;

/**
 * @typedef {{ version: number, dir: string, entry: string, builtAt: string, files: Record<string, [number, number]> }} Manifest
 * @typedef {{ entry: string, files: number }} Fresh
 */

/** The current build's entry file, or why there is none to run: missing, or a file changed since. */
export function currentBuild(buildDir = BUILD_DIR) {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(buildDir, 'build.json'), 'utf8'));
  } catch {
    return { stale: 'not built yet' };
  }
  if (manifest.version !== MANIFEST_VERSION) return { stale: 'built by another version of the build' };
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.files)) {
    let now;
    try {
      now = statSync(path.join(root, file));
    } catch {
      return { stale: `${file} is gone` };
    }
    if (now.size !== size || now.mtimeMs !== mtimeMs) return { stale: `${file} has changed` };
  }
  const entry = path.join(buildDir, manifest.dir, manifest.entry);
  if (!existsSync(entry)) return { stale: `${path.relative(root, entry)} is missing` };
  return { entry, files: Object.keys(manifest.files).length };
}

/** Builds now, into a new folder of buildDir, and makes it the current build. */
export async function buildCli(buildDir = BUILD_DIR) {
  // Loaded here, not at the top: a start with a fresh build never loads esbuild.
  const esbuild = await import('esbuild');
  const dir = `build-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
  const outdir = path.join(buildDir, dir);
  mkdirSync(outdir, { recursive: true });
  // Sizes and times are taken before the build reads the files, so an edit made while it runs makes it stale.
  const before = new Map();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { heard: ENTRY, 'report-model-worker': REPORT_MODEL_WORKER },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Packages stay in node_modules, but for drizzle-orm (see BUNDLED).
    external: externalPackages(),
    outdir,
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceFileUrls(outdir, before)],
  });
  /** @type {Record<string, [number, number]>} */
  const files = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_CONFIG]) {
    const stat = before.get(file) ?? statSync(path.join(root, file));
    files[file] = [stat.size, stat.mtimeMs];
  }
  /** @type {Manifest} */
  const manifest = { version: MANIFEST_VERSION, dir, entry: 'heard.js', builtAt: new Date().toISOString(), files };
  const temporary = path.join(buildDir, `build.json.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, path.join(buildDir, 'build.json'));
  removeOldBuilds(buildDir, dir);
  return { entry: path.join(outdir, manifest.entry), files: Object.keys(files).length };
}

/**
 * Packages compiled into the build rather than loaded from node_modules. drizzle-orm's package.json is
 * 175 KB of `exports`, and Node 22 and 24 parse it again for each of its files an ES module imports (about
 * 200 at every start): 0.85 s of a 3.5 s command, by the profile, before any work. Bundled, its files are
 * not looked up at all. Pure JavaScript, and the only copy the build uses (its `is()` checks need one).
 */
const BUNDLED = new Set(['drizzle-orm']);

/** Every dependency but those bundled, and their subpaths, as esbuild's `external` (for `packages: 'external'`). */
function externalPackages() {
  const { dependencies = {}, optionalDependencies = {} } = JSON.parse(
    readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  return Object.keys({ ...dependencies, ...optionalDependencies })
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/**
 * Rewrites import.meta.url in each source file to that file's own URL, found
 * from the bundle's: the chunks sit side by side in one folder, so one
 * relative path serves every chunk the code may land in.
 * @param {string} outdir
 * @param {Map<string, import('node:fs').Stats>} before
 * @returns {import('esbuild').Plugin}
 */
function sourceFileUrls(outdir, before) {
  return {
    name: 'source-file-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const relative = path.relative(root, args.path).split(path.sep).join('/');
        before.set(relative, statSync(args.path));
        const text = readFileSync(args.path, 'utf8');
        if (/\bimport\.meta\.(dirname|filename)\b/.test(text))
          return {
            errors: [{ text: `${relative}: use import.meta.url (the build rewrites it; not dirname/filename)` }],
          };
        const fromBundle = path.relative(outdir, args.path).split(path.sep).join('/');
        const contents = text.replace(
          /\bimport\.meta\.url\b/g,
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        );
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Keeps the newest builds (a server started from one may still load its chunks); removes the rest. */
function removeOldBuilds(buildDir, current) {
  const builds = readdirSync(buildDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('build-') && e.name !== current)
    .map((e) => ({ name: e.name, mtimeMs: statSync(path.join(buildDir, e.name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of builds.slice(BUILDS_KEPT - 1))
    rmSync(path.join(buildDir, old.name), { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const built = await buildCli(process.argv[2] ? path.resolve(process.argv[2]) : BUILD_DIR);
  console.log(
    `Built ${path.relative(root, built.entry)} from ${built.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
