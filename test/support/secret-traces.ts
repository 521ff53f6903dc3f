// Where a secret could be left behind, read as a user (or an intruder on the host) would find it:
// every row of every table, the SQLite files byte for byte, every process's command line, and a
// task workflow's Temporal history with its payloads decoded.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { Prisma } from '../../src/generated/prisma-sqlite/client.ts';
import { sqliteFile } from '../../src/security/data-folder.ts';
import type { InProcessStack } from './in-process.ts';

/** The texts that would give `secret` away: itself and its base64. */
export function tracesOf(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64')];
}

/** Every row of every table, as JSON, one text. */
export async function everyRow(stack: InProcessStack): Promise<string> {
  const parts: string[] = [];
  for (const model of Object.values(Prisma.ModelName) as string[]) {
    const delegate = (stack.db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[
      model[0].toLowerCase() + model.slice(1)
    ];
    parts.push(`${model}: ${JSON.stringify(await delegate.findMany())}`);
  }
  return parts.join('\n');
}

/** The SQLite database and its -wal/-journal files, raw, as latin1 text; empty on PostgreSQL. */
export function sqliteBytes(stack: InProcessStack): string {
  const file = sqliteFile(stack.config.databaseUrl);
  if (!file) return '';
  return ['', '-wal', '-journal']
    .map((s) => `${file}${s}`)
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

/** Every process's command line on this host, as `ps` shows it. */
export function commandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone meanwhile
    }
  }
  return lines;
}

/** A task workflow's whole history, every payload's bytes decoded as text. */
export async function historyText(client: Client, taskId: number): Promise<string> {
  const history = await client.workflow.getHandle(`task-${taskId}`).fetchHistory();
  const parts: string[] = [];
  const visit = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(history);
  return parts.join('\n');
}
