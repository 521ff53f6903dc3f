import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinePieces, MASK } from './line-pieces.ts';

function collector(maxPiece?: number) {
  const rows: Array<[string, boolean]> = [];
  const pieces = new LinePieces((text, continued) => rows.push([text, continued]), maxPiece);
  /** The lines a reader gets back by joining each run of continued rows with the row after it. */
  const lines = () => {
    const out: string[] = [];
    let open = '';
    for (const [text, continued] of rows) {
      open += text;
      if (!continued) {
        out.push(open);
        open = '';
      }
    }
    return out;
  };
  return { rows, pieces, lines };
}

test('short lines pass through, masked', () => {
  const c = collector();
  c.pieces.maskSecrets(['hunter2', 'ab']);
  c.pieces.write('password=hunter2 ab');
  c.pieces.write('');
  assert.deepEqual(c.rows, [
    ['password=********** ab', false],
    ['', false],
  ]);
});

test('a long line is stored in pieces of at most 64 Ki units, each but the last continued', () => {
  const c = collector();
  const line = 'x'.repeat(200_000);
  for (let i = 0; i < line.length; i += 30_000) c.pieces.write(line.slice(i, i + 30_000), i + 30_000 < line.length);
  assert.deepEqual(
    c.rows.map(([t, k]) => [t.length, k]),
    [
      [65_536, true],
      [65_536, true],
      [65_536, true],
      [3_392, false],
    ],
  );
  assert.deepEqual(c.lines(), [line]);
});

test('a secret straddling two pieces, or two writes, is still masked', () => {
  const secret = 's3cr3t-VALUE-42';
  for (const at of [65_530, 65_536 - secret.length, 65_536, 29_995, 59_993]) {
    const c = collector();
    c.pieces.maskSecrets([secret, 'short']);
    const line = `${'a'.repeat(at) + secret + 'b'.repeat(70_000)}short${secret}`;
    for (let i = 0; i < line.length; i += 30_000) c.pieces.write(line.slice(i, i + 30_000), i + 30_000 < line.length);
    assert.deepEqual(c.lines(), [line.split(secret).join(MASK).split('short').join(MASK)], `secret at ${at}`);
    assert.ok(c.rows.every(([t]) => t.length <= 65_536));
    assert.ok(
      !c.rows.some(([t]) => t.includes('VALUE-42') || t.endsWith('s3cr3t')),
      `no part of the secret is stored (at ${at})`,
    );
  }
});

test('a secret split over the writes of a piece-by-piece line, a few units at a time', () => {
  const c = collector(8);
  c.pieces.maskSecrets(['topsecret']);
  const line = 'xx topsecret yy topsecret';
  for (let i = 0; i < line.length; i += 3) c.pieces.write(line.slice(i, i + 3), i + 3 < line.length);
  assert.deepEqual(c.lines(), [`xx ${MASK} yy ${MASK}`]);
  assert.ok(c.rows.every(([t]) => t.length <= 8));
  assert.ok(c.rows.every(([t]) => !/top|sec|ret/.test(t) || t.includes('*')));
});

test('masking never makes a piece longer than the limit', () => {
  const c = collector(16);
  c.pieces.maskSecrets(['abc']);
  c.pieces.write('abc'.repeat(20));
  assert.ok(c.rows.every(([t]) => t.length <= 16));
  assert.deepEqual(c.lines(), [MASK.repeat(20)]);
});

test('a line from another source ends an open line, so the rows of a line stay together', () => {
  const c = collector(4);
  c.pieces.write('abcdef', true, 1);
  c.pieces.write('err', false, 2);
  c.pieces.write('gh', false, 1);
  assert.deepEqual(c.lines(), ['abcdef', 'err', 'gh']);
});

test('finish() ends an open line with what it holds', () => {
  const c = collector();
  c.pieces.maskSecrets(['secret-tail']);
  c.pieces.write('ends with secret-tai', true);
  assert.equal(c.pieces.lineOpen, true);
  c.pieces.finish();
  assert.deepEqual(c.lines(), ['ends with secret-tai']);
  assert.equal(c.pieces.lineOpen, false);
});
