import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli.mjs';
import { ms, rows } from './harness.ts';
import { freePort } from '../test/support/free-port.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How the command line is started: compiled (npm run heard, ADR 0013), and from the sources through tsx (as npm test does, and as npm start did before). */
const MODES = [
  { name: 'compiled', args: ['scripts/heard.mjs'] },
  { name: 'tsx', args: ['--import', 'tsx', 'src/cli/heard.ts'] },
] as const;

/** A time, and the CPU the process had used by then: on a busy machine, the figure other processes inflate least. */
interface Timed {
  ms: number;
  cpuMs: number | null;
}

interface Run {
  /** From spawning the process to its exit; CPU as the process says just before it exits (HEARD_STARTUP_TIMING=1). */
  whole: Timed;
  /** From the process's start to the command's own code, as the process says (none for help). */
  ready: Timed | null;
  stdout: string;
}

/**
 * How long Heard takes to start (ADR 0013), each on the embedded database:
 * `heard --help`; `heard migrate` on an empty data folder (most of it is
 * PGlite creating the database, which no build can shorten, so the target is
 * on the time until the command's own code runs); `heard setup export` on a
 * migrated folder, a typical command that builds every service; and the
 * server with the demo council, from the process's start to the first page
 * (the sign-in page, drawn from its template). Each compiled against the same
 * sources run through tsx, as Heard ran before.
 */
export async function startupBench(runs = 5): Promise<void> {
  // A fresh build first, so the figures are those of starting, not of compiling.
  await buildCli();
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heard-bench-startup-'));
    folders.push(dir);
    return dir;
  };
  try {
    const migrated = folder();
    await run(MODES[0].args, ['migrate'], migrated);
    const demo = folder();
    await run(MODES[0].args, ['demo'], demo);
    for (const mode of MODES) {
      const help = await repeat(runs, () => run(mode.args, ['--help'], folder()));
      if (!help[0]!.stdout.startsWith('Usage: heard')) throw new Error(`heard --help printed ${help[0]!.stdout}`);
      add(
        'CLI start: heard --help',
        mode.name,
        'exits',
        help.map((r) => r.whole),
        '< 0.5 s',
      );
      const empty = await repeat(Math.min(runs, 2), () => run(mode.args, ['migrate'], folder()));
      add(
        'CLI start: heard migrate',
        mode.name,
        'empty folder',
        empty.map((r) => r.ready!),
        '< 0.5 s to start work',
      );
      add(
        'CLI: heard migrate, whole',
        mode.name,
        'empty folder',
        empty.map((r) => r.whole),
        'none (PGlite initdb)',
      );
      const exported = await repeat(runs, () => run(mode.args, ['setup', 'export'], migrated));
      add(
        'CLI start: heard setup export',
        mode.name,
        'migrated',
        exported.map((r) => r.ready!),
        '< 0.5 s to start work',
      );
      add(
        'CLI: heard setup export, whole',
        mode.name,
        'migrated',
        exported.map((r) => r.whole),
        'none',
      );
      const served = await repeat(Math.min(runs, 3), () => firstPage(mode.args, demo));
      add('server: first page after start', mode.name, 'demo council', served, '< 2 s');
    }
  } finally {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }
}

function add(benchmark: string, mode: string, size: string, runs: Timed[], target: string) {
  const times = runs.map((r) => r.ms);
  const cpus = runs.map((r) => r.cpuMs).filter((c) => c !== null);
  const cpu = cpus.length === runs.length ? ` (CPU ${ms(median(cpus))})` : '';
  rows.push({
    benchmark,
    engine: `pglite, ${mode}`,
    size,
    result: `median ${ms(median(times))}${cpu} of ${runs.length} (${times.map((t) => ms(t)).join(', ')})`,
    target,
  });
}

async function repeat<T>(times: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn());
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function environment(dataDir: string, port?: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  return {
    ...inherited,
    NODE_ENV: 'development',
    HEARD_DATA_DIR: dataDir,
    HEARD_STARTUP_TIMING: '1',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...(port ? { PORT: String(port) } : {}),
  };
}

async function run(args: readonly string[], command: string[], dataDir: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [...args, ...command], { cwd: root, env: environment(dataDir) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`heard ${command.join(' ')} exited with ${code}: ${stderr}`);
  const said = (what: string) =>
    new RegExp(`${what} (\\d+) ms after the process started \\(CPU (\\d+) ms\\)`).exec(stderr);
  const ready = said(': ready');
  const done = said('heard: done');
  return {
    whole: { ms: wallMs, cpuMs: done ? Number(done[2]) : null },
    ready: ready ? { ms: Number(ready[1]), cpuMs: Number(ready[2]) } : null,
    stdout,
  };
}

/** The CPU a running process has used so far, from /proc (Linux; elsewhere none). */
function cpuOf(pid: number): number | null {
  try {
    // Fields 14 and 15 (user and system time, in ticks of 1/100 s), after the command name in brackets.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** From spawning `heard start` to the sign-in page's first 200, and the server's CPU by then. */
async function firstPage(args: readonly string[], dataDir: string): Promise<Timed> {
  const port = await freePort();
  const started = performance.now();
  const server = spawn(process.execPath, [...args, 'start'], {
    cwd: root,
    env: environment(dataDir, port),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`heard start exited with ${server.exitCode}`);
      if ((await status(port)) === 200) return { ms: performance.now() - started, cpuMs: cpuOf(server.pid!) };
      await sleep(10);
    }
    throw new Error('the server did not answer within 5 minutes');
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }
}

function status(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/sign-in', timeout: 60_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
  });
}
