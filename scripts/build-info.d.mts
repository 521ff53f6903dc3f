// Types of build-info.mjs, for the TypeScript modules that ask whether the build is current.
export function buildPaths(root: string): { dir: string; server: string; workflows: string; stamp: string };
export function sourceHash(projectRoot: string): string;
export function buildIsCurrent(root: string): boolean;
