import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unsafeVarsYaml } from './ansible-task-vars.ts';

test('every text, at any depth, is tagged !unsafe; other values stay as they are', () => {
  assert.equal(
    unsafeVarsYaml({ cmd: "{{ lookup('pipe', 'id') }}", n: 3, on: true, none: null, list: ['a', { b: 'c' }] }),
    `{"cmd": !unsafe "{{ lookup('pipe', 'id') }}", "n": 3, "on": true, "none": null, "list": [!unsafe "a", {"b": !unsafe "c"}]}\n`,
  );
});

test('quotes, newlines and characters YAML readers refuse raw are escaped', () => {
  assert.equal(
    unsafeVarsYaml({ x: 'q"\\\n\u007f\u0085\u2028é😀' }),
    '{"x": !unsafe "q\\"\\\\\\n\\u007f\\u0085\\u2028\\u00e9\\U0001f600"}\n',
  );
});
