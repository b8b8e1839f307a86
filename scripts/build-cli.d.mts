/** Types for scripts/build-cli.mjs, which is JavaScript because it runs before anything compiles TypeScript. */
export declare const BUILD_DIR: string;
export type CurrentBuild = { entry: string; files: number } | { stale: string };
export declare function currentBuild(buildDir?: string): CurrentBuild;
export declare function buildCli(buildDir?: string): Promise<{ entry: string; files: number }>;
