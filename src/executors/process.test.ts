import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, RunningProcess, type LineSink } from './process.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

test('lines split on \\n and \\r\\n, across chunks, with the last unterminated line kept', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  s.push('a\r\nb');
  s.push('c\nd');
  s.end();
  assert.deepEqual(lines, ['a', 'bc', 'd']);
});

test('an overloaded sink pauses reading; every line still arrives, in order', async () => {
  const lines: string[] = [];
  let waits = 0;
  let backlog = 0;
  const sink: LineSink = {
    get overloaded() {
      return backlog >= 5000;
    },
    async hasRoom() {
      waits++;
      await new Promise((r) => setTimeout(r, 20));
      backlog = 0;
    },
  };
  const proc = new RunningProcess({ command: 'seq', args: ['1', '100000'], cwd: '/', env }, (line) => {
    lines.push(line);
    backlog++;
  }, sink);
  const result = await proc.done;
  assert.equal(result.exitCode, 0);
  assert.equal(lines.length, 100_000);
  assert.equal(lines[99_999], '100000');
  assert.ok(lines.every((l, i) => l === String(i + 1)));
  assert.ok(waits >= 5, `reading paused ${waits} times`);
});
