import { setFlagsFromString } from 'node:v8';

/**
 * V8's flags that leave WebAssembly as it was first compiled (by Liftoff, V8's quick compiler), never compiled
 * again by its optimising compiler (TurboFan): what `node --liftoff-only` does, set while running. Both are
 * needed: with dynamic tiering alone switched off, V8 optimises every function at once instead.
 */
export const WASM_FIRST_TIER_ONLY = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

/**
 * For a process that opens the embedded database and soon ends: a command, not the server.
 *
 * The embedded database is PostgreSQL compiled to WebAssembly. On Node 24 one of its functions (about 100 KB
 * of code) becomes hot within a second of opening a data folder, and optimising it takes 2 to 5 s of a
 * background thread and about 640 MB of memory; a process that ends meanwhile waits for that work first.
 * Measured on the two-core machine (docs/adr/0013-compiled-start-and-lazy-imports.md): `heard migrate` on a
 * migrated folder 1.0 s and 157 MB instead of 3.1–3.6 s and 728 MB; `heard demo` 4.8–5.0 s and 230 MB
 * instead of 6.3–7.7 s and 790 MB. The server, which runs all day, keeps V8's default: there the optimised
 * code has time to pay for itself.
 *
 * Must run before the database is opened (its module is compiled then); later it changes nothing.
 */
export function keepWasmAsFirstCompiled(): void {
  for (const flag of WASM_FIRST_TIER_ONLY) setFlagsFromString(flag);
}
