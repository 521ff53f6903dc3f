import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextBuildVersion } from './build-version.ts';

const cases: Array<[start: string | null, previous: string | null, expected: string | null, why: string]> = [
  ['1.0.0', null, '1.0.0', 'the first build takes start_version'],
  ['1.0.0', '1.0.0', '1.0.1', 'the last number counts up'],
  ['1.0.0', '1.0.1', '1.0.2', 'and keeps counting'],
  ['1.0.0', '1.0.9', '1.0.10', 'past one digit'],
  ['1.0.5', '1.0.2', '1.0.5', 'a raised start number wins over the previous build'],
  ['1.0.5', '1.0.5', '1.0.6', 'the start number itself is followed by the next one'],
  ['1.1.0', '1.0.7', '1.1.0', 'a changed prefix starts again from start_version'],
  ['v2.3-beta', 'v2.3-beta', 'v2.4-beta', 'the suffix stays'],
  ['v2.3-beta', 'v2.7-rc', 'v2.3-beta', 'a changed suffix starts again'],
  ['42', '42', '43', 'a bare number'],
  ['build-007', 'build-007', 'build-008', 'a zero-padded start number keeps its width'],
  ['release', 'release', 'release', 'no number: always start_version'],
  ['1.0.0', 'garbage', '1.0.0', 'a previous version without a number starts again'],
  ['9007199254740993', '9007199254740993', '9007199254740994', 'numbers beyond 2^53 count exactly'],
  [null, '1.0.0', null, 'no start_version, no version'],
  ['', null, null, 'an empty start_version is none'],
];

for (const [start, previous, expected, why] of cases) {
  test(`build version: ${why} (${start} after ${previous} → ${expected})`, () => {
    assert.equal(nextBuildVersion(start, previous), expected);
  });
}
