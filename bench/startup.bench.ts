import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build-cli.mjs';
import { ms, rows } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How the command line is started: compiled (npm run heard, ADR 0013), and from the sources through tsx, as before. */
const MODES = [
  { name: 'compiled', args: ['scripts/heard.mjs'] },
  { name: 'tsx (before)', args: ['--import', 'tsx', 'src/cli/heard.ts'] },
] as const;

interface Run {
  /** From spawning the process to its exit. */
  wallMs: number;
  /** From the process's start to the command's own code, which prints it (HEARD_STARTUP_TIMING=1); null for help. */
  readyMs: number | null;
  /** CPU the process had used by then: on a busy machine, the figure the other processes did not inflate. */
  readyCpuMs: number | null;
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
      add('CLI start: heard --help', mode.name, 'exits', help, 'wall', '< 0.5 s');
      const empty = await repeat(Math.min(runs, 2), () => run(mode.args, ['migrate'], folder()));
      add('CLI start: heard migrate', mode.name, 'empty folder', empty, 'ready', '< 0.5 s to start work');
      add('CLI: heard migrate, whole', mode.name, 'empty folder', empty, 'wall', 'no target (PGlite initdb)');
      const exported = await repeat(runs, () => run(mode.args, ['setup', 'export'], migrated));
      add('CLI start: heard setup export', mode.name, 'migrated', exported, 'ready', '< 0.5 s to start work');
      const served = await repeat(Math.min(runs, 3), () => firstPage(mode.args, demo));
      rows.push({
        benchmark: 'server: first page after start',
        engine: `pglite, ${mode.name}`,
        size: 'demo council',
        result: `median ${ms(median(served))} of ${served.length} (${served.map((t) => ms(t)).join(', ')})`,
        target: '< 2 s',
      });
    }
  } finally {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }
}

function add(benchmark: string, mode: string, size: string, runs: Run[], what: 'wall' | 'ready', target: string) {
  const times = runs.map((r) => (what === 'wall' ? r.wallMs : r.readyMs!));
  const cpu = what === 'ready' ? ` (CPU ${ms(median(runs.map((r) => r.readyCpuMs!)))})` : '';
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
  const ready = /ready (\d+) ms after the process started \(CPU (\d+) ms\)/.exec(stderr);
  return { wallMs, readyMs: ready ? Number(ready[1]) : null, readyCpuMs: ready ? Number(ready[2]) : null, stdout };
}

/** Milliseconds from spawning `heard start` to the sign-in page's first 200. */
async function firstPage(args: readonly string[], dataDir: string): Promise<number> {
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
      if ((await status(port)) === 200) return performance.now() - started;
      await sleep(10);
    }
    throw new Error('the server did not answer within 5 minutes');
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
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

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
