// The data folder holds the SQLite database, the access-key encryption key and the Temporal dev
// server's state: it is the server's alone. The folder and every folder in it are 0700, every file
// 0600 (group and other bits removed, the owner's kept), and the SQLite database with its
// -wal/-shm/-journal files 0600 wherever DATABASE_URL puts it. Applied at every start, so an
// installation made before this rule (files 0644 in a 0755 folder) is closed too.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';

const SQLITE_SIDECARS = ['', '-wal', '-shm', '-journal'];

/** Removes group and other permissions from `path` (not following links); quiet when it vanished. */
function closeToOthers(path: string, stat: Stats): void {
  const mode = stat.mode & 0o7777;
  const wanted = stat.isDirectory() ? 0o700 : mode & 0o700;
  if (mode !== wanted) {
    try {
      chmodSync(path, wanted);
    } catch {
      // removed meanwhile
    }
  }
}

function closeTree(path: string): void {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) return; // chmod would follow it out of the folder
  closeToOthers(path, stat);
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(path)) closeTree(join(path, entry));
}

/** The SQLite database file of `databaseUrl`, or null for PostgreSQL. */
export function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  return resolve(databaseUrl.slice('file:'.length).replace(/\?.*$/, ''));
}

/** Creates the data folder if needed and makes it and everything in it the owner's alone. */
export function secureDataFolder(dataDir: string, databaseUrl: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeTree(dataDir);
  const db = sqliteFile(databaseUrl);
  if (!db) return;
  for (const suffix of SQLITE_SIDECARS) {
    const file = `${db}${suffix}`;
    if (existsSync(file)) closeTree(file);
  }
}
