import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, RunningProcess, type LineSink } from './process.ts';
import { MAX_PIECE_UNITS } from '../domain/output-pieces.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

test('lines split on \\n and \\r\\n, across chunks, with the last unterminated line kept', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  s.push('a\r\nb');
  s.push('c\nd');
  s.end();
  assert.deepEqual(lines, ['a', 'bc', 'd']);
});

/** [text, continued] of each line or piece the splitter hands on, for `chunks` fed in turn. */
function split(chunks: Array<string | Buffer>, maxPiece?: number): Array<[string, boolean]> {
  const got: Array<[string, boolean]> = [];
  const s = new LineSplitter((text, continued) => got.push([text, continued]), maxPiece);
  for (const c of chunks) s.push(c);
  s.end();
  return got;
}

test('line splitting: table of chunkings', () => {
  const cases: Array<[string, Array<string | Buffer>, Array<[string, boolean]>]> = [
    ['empty input', [], []],
    ['one line, no newline', ['abc'], [['abc', false]]],
    [
      'empty lines are lines',
      ['\n\n'],
      [
        ['', false],
        ['', false],
      ],
    ],
    [
      '\\r\\n split between chunks',
      ['one\r', '\ntwo\r\n'],
      [
        ['one', false],
        ['two', false],
      ],
    ],
    ['\\r alone stays in the line', ['50%\r100%\n'], [['50%\r100%', false]]],
    [
      'a line in many chunks',
      ['a', 'b', 'c', '\n', 'd'],
      [
        ['abc', false],
        ['d', false],
      ],
    ],
    ['final \\r\\n at the end of input', ['x\r\n'], [['x', false]]],
    ['€ (3 bytes) split across chunks', [Buffer.from([0x61, 0xe2]), Buffer.from([0x82, 0xac, 0x0a])], [['a€', false]]],
    ['😀 (4 bytes) split byte by byte', [...Buffer.from('😀\n')].map((b) => Buffer.from([b])), [['😀', false]]],
    ['a cut UTF-8 sequence at the very end', [Buffer.from([0x61, 0xe2, 0x82])], [['a\uFFFD', false]]],
  ];
  for (const [name, chunks, expected] of cases) assert.deepEqual(split(chunks), expected, name);
});

test('a line longer than a piece is handed on in pieces, each but the last marked continued', () => {
  assert.deepEqual(split(['abcdefghij\nxy'], 4), [
    ['abcd', true],
    ['efgh', true],
    ['ij', false],
    ['xy', false],
  ]);
  assert.deepEqual(
    split(['abcd', 'efgh\n'], 4),
    [
      ['abcd', true],
      ['efgh', false],
    ],
    'no empty last piece',
  );
  assert.deepEqual(split(['abcd\r', '\n'], 4), [['abcd', false]], 'a \\r\\n split after a full piece ends the line');
  assert.deepEqual(
    split(['abc😀def\n'], 4),
    [
      ['abc', true],
      ['😀de', true],
      ['f', false],
    ],
    'a surrogate pair is never split',
  );
  assert.deepEqual(
    split([Buffer.from('abc€'), Buffer.from('€\n')], 4),
    [
      ['abc€', true],
      ['€', false],
    ],
    'nor a UTF-8 sequence',
  );
});

test('a 1 MiB line without a newline becomes 16 pieces of 64 Ki units that join back to it', () => {
  const line = Array.from({ length: 1024 * 1024 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  const chunks: string[] = [];
  for (let i = 0; i < line.length; i += 65_536 - 7) chunks.push(line.slice(i, i + 65_536 - 7)); // pipe-sized, unaligned
  const got = split(chunks);
  assert.equal(got.length, 16);
  assert.ok(got.every(([text]) => text.length === MAX_PIECE_UNITS));
  assert.deepEqual(
    got.map(([, c]) => c),
    [...Array(15).fill(true), false],
  );
  assert.equal(got.map(([text]) => text).join(''), line);
});

test('64 MiB without a newline in 4 KiB chunks: 1024 pieces, nothing held back (the old splitter re-joined all pending text per chunk)', () => {
  const chunk = 'x'.repeat(4096);
  let pieces = 0;
  let units = 0;
  const s = new LineSplitter((text) => {
    pieces++;
    units += text.length;
  });
  for (let i = 0; i < 16 * 1024; i++) s.push(chunk);
  s.end();
  assert.equal(units, 64 * 1024 * 1024);
  assert.equal(pieces, 1024);
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
      await new Promise((r) => setImmediate(r)); // room comes back on a later turn, not at once
      backlog = 0;
    },
  };
  const proc = new RunningProcess(
    { command: 'seq', args: ['1', '100000'], cwd: '/', env },
    (line) => {
      lines.push(line);
      backlog++;
    },
    sink,
  );
  const result = await proc.done;
  assert.equal(result.exitCode, 0);
  assert.equal(lines.length, 100_000);
  assert.equal(lines[99_999], '100000');
  assert.ok(lines.every((l, i) => l === String(i + 1)));
  assert.ok(waits >= 5, `reading paused ${waits} times`);
});
