// A throwaway PostgreSQL cluster for the test run: initdb into a temporary folder, started as the
// `postgres` user (initdb and postgres refuse to run as root), trust auth on 127.0.0.1 only.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  url: (database: string) => string;
  stop(): void;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return join(root, version, 'bin');
}

function asPostgres(args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const res = isRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' })
    : spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed: ${res.stderr || res.stdout || res.error}`);
}

export function startPostgres(port: number): PostgresCluster {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'signalman-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  asPostgres([
    join(bin, 'initdb'),
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  asPostgres([
    join(bin, 'pg_ctl'),
    '-D',
    join(dir, 'data'),
    '-w',
    '-t',
    '60',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    'start',
  ]);
  return {
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        asPostgres([join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
