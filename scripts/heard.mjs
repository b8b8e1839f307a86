#!/usr/bin/env node
/**
 * What `npm start`, `npm run demo` and `npm run heard` run: the compiled
 * command line (ADR 0013), rebuilt first when any source file has changed
 * since it was built, so that what runs is always what the sources say.
 * `node --import tsx src/cli/heard.ts` runs the same sources uncompiled.
 */
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_DIR, buildCli, currentBuild } from './build-cli.mjs';

// HEARD_BUILD_DIR puts the build elsewhere (the tests use their own), inside the project: the bundle finds
// its packages in the node_modules folders above it.
const buildDir = process.env.HEARD_BUILD_DIR ? path.resolve(process.env.HEARD_BUILD_DIR) : BUILD_DIR;
let build = currentBuild(buildDir);
if ('stale' in build) {
  process.stderr.write(`Compiling Heard (${build.stale})...\n`);
  build = await buildCli(buildDir);
}
// Source maps are written but not read unless asked (NODE_OPTIONS=--enable-source-maps): reading them costs
// about 60 ms at every start, and the bundle's own lines are readable code with each file's path above it.
// Node (22.1 and later) keeps the compiled code of each module it loads in a cache folder, so a start
// after the first parses none of the bundle or its packages again: about 0.3 s off every command.
module.enableCompileCache?.(path.join(path.dirname(BUILD_DIR), 'node-compile-cache'));
process.argv[1] = path.resolve(build.entry);
await import(pathToFileURL(build.entry).href);
