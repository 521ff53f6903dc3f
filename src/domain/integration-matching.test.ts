import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allMatchersHold,
  extractValues,
  matcherHolds,
  valueAtPath,
  valueText,
  webhookPayload,
  type MatcherRule,
} from './integration-matching.ts';

const push = {
  ref: 'refs/heads/main',
  after: 'a1b2c3',
  size: 3,
  ratio: 2.5,
  forced: false,
  deleted: null,
  repository: { name: 'site', owner: { login: 'octo' }, stars: 1e21 },
  commits: [
    { id: 'c1', message: 'first' },
    { id: 'c2', message: 'second' },
  ],
};
const headers = { 'x-github-event': 'push', 'content-type': 'application/json', 'x-many': ['a', 'b'] };
const payload = webhookPayload(headers, Buffer.from(JSON.stringify(push)));
const textPayload = webhookPayload(headers, Buffer.from('{"ref": "refs/heads/main",'));

test('valueAtPath follows dotted keys and array indexes, and nothing else', () => {
  const cases: Array<[string, unknown]> = [
    ['ref', 'refs/heads/main'],
    ['repository.owner.login', 'octo'],
    ['commits.1.id', 'c2'],
    ['commits.[0].message', 'first'],
    ['commits.2.id', undefined],
    ['commits.x', undefined],
    ['ref.length', undefined],
    ['repository.owner.login.x', undefined],
    ['repository.constructor', undefined],
    ['__proto__', undefined],
    ['missing.deeper', undefined],
  ];
  for (const [path, expected] of cases) assert.deepEqual(valueAtPath(push, path), expected, path);
});

test('valueText: integral numbers without a fraction, other values as JSON, null as nothing', () => {
  const cases: Array<[unknown, string | undefined]> = [
    ['text', 'text'],
    [3, '3'],
    [3.0, '3'],
    [2.5, '2.5'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [false, 'false'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 'x'], '[1,"x"]'],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [value, expected] of cases) assert.equal(valueText(value), expected, JSON.stringify(value));
  assert.equal(valueText(JSON.parse('{"n": 42.0}').n), '42', 'a JSON 42.0 is 42');
});

const m = (rule: Partial<MatcherRule>): MatcherRule => ({
  match_type: 'body',
  method: 'equals',
  body_data_type: 'json',
  key: '',
  value: '',
  ...rule,
});

test('matchers: equals, unequals and contains on headers, JSON paths and the whole body', () => {
  const cases: Array<[string, MatcherRule, boolean]> = [
    ['header equals', m({ match_type: 'header', key: 'X-GitHub-Event', value: 'push' }), true],
    ['header names are read in any case', m({ match_type: 'header', key: 'x-github-EVENT', value: 'push' }), true],
    ['header values keep their case', m({ match_type: 'header', key: 'X-GitHub-Event', value: 'Push' }), false],
    ['header unequals', m({ match_type: 'header', method: 'unequals', key: 'X-GitHub-Event', value: 'ping' }), true],
    ['header contains', m({ match_type: 'header', method: 'contains', key: 'Content-Type', value: 'json' }), true],
    ['a repeated header is its values joined', m({ match_type: 'header', key: 'X-Many', value: 'a, b' }), true],
    [
      'an absent header matches nothing, not even unequals',
      m({ match_type: 'header', method: 'unequals', key: 'X-None', value: 'push' }),
      false,
    ],
    ['json path equals', m({ key: 'ref', value: 'refs/heads/main' }), true],
    ['json path unequals', m({ key: 'ref', method: 'unequals', value: 'refs/heads/dev' }), true],
    ['json path contains', m({ key: 'ref', method: 'contains', value: 'heads/' }), true],
    ['a nested json path', m({ key: 'repository.owner.login', value: 'octo' }), true],
    ['an integral number compares as an integer', m({ key: 'size', value: '3' }), true],
    ['3.0 is not how it is written', m({ key: 'size', value: '3.0' }), false],
    ['a fraction', m({ key: 'ratio', value: '2.5' }), true],
    ['a boolean', m({ key: 'forced', value: 'false' }), true],
    ['an object compares as JSON', m({ key: 'repository.owner', value: '{"login":"octo"}' }), true],
    ['a JSON null is absent', m({ key: 'deleted', method: 'unequals', value: 'x' }), false],
    ['an absent path matches nothing, not even unequals', m({ key: 'nope', method: 'unequals', value: 'x' }), false],
    ['string: the whole body', m({ body_data_type: 'string', value: JSON.stringify(push) }), true],
    ['string: contains', m({ body_data_type: 'string', method: 'contains', value: '"size":3' }), true],
    ['xml bodies are not read', m({ body_data_type: 'xml', method: 'unequals', key: 'a' }), false],
    ['an unknown method never holds', m({ key: 'ref', method: 'like', value: 'refs/heads/main' }), false],
  ];
  for (const [what, rule, expected] of cases) assert.equal(matcherHolds(payload, rule), expected, what);
});

test('a body that is not JSON: string matchers see its text, json matchers match nothing', () => {
  assert.equal(textPayload.json, undefined);
  assert.equal(
    matcherHolds(textPayload, m({ body_data_type: 'string', method: 'contains', value: 'refs/heads/main' })),
    true,
  );
  assert.equal(matcherHolds(textPayload, m({ key: 'ref', method: 'unequals', value: 'x' })), false);
  assert.equal(
    matcherHolds(webhookPayload({}, Buffer.alloc(0)), m({ body_data_type: 'string', value: '' })),
    true,
    'no body is empty text',
  );
});

test('all matchers must hold; no matchers at all take every request', () => {
  const event = m({ match_type: 'header', key: 'X-GitHub-Event', value: 'push' });
  assert.equal(allMatchersHold(payload, []), true);
  assert.equal(allMatchersHold(payload, [event, m({ key: 'ref', value: 'refs/heads/main' })]), true);
  assert.equal(allMatchersHold(payload, [event, m({ key: 'ref', value: 'refs/heads/dev' })]), false);
});

test('extracted values: header, JSON path (as text) and whole body; absent ones are left out', () => {
  const env = extractValues(payload, [
    { value_source: 'header', body_data_type: '', key: 'X-GitHub-Event', variable: 'event' },
    { value_source: 'body', body_data_type: 'json', key: 'commits.0.id', variable: 'first_commit' },
    { value_source: 'body', body_data_type: 'json', key: 'size', variable: 'size' },
    { value_source: 'body', body_data_type: 'json', key: 'repository.owner', variable: 'owner' },
    { value_source: 'body', body_data_type: 'json', key: 'nope', variable: 'absent' },
    { value_source: 'header', body_data_type: '', key: 'X-None', variable: 'absent_header' },
    { value_source: 'body', body_data_type: 'string', key: '', variable: '__proto__' },
  ]);
  assert.deepEqual(Object.keys(env), ['event', 'first_commit', 'size', 'owner', '__proto__']);
  assert.equal(env.event, 'push');
  assert.equal(env.first_commit, 'c1');
  assert.equal(env.size, '3');
  assert.equal(env.owner, '{"login":"octo"}');
  assert.equal(
    Object.getOwnPropertyDescriptor(env, '__proto__')?.value,
    JSON.stringify(push),
    'a variable named __proto__ is a variable',
  );
  assert.deepEqual(JSON.parse(JSON.stringify(env)).__proto__, JSON.stringify(push));
});

test('a later value for the same variable wins', () => {
  const env = extractValues(payload, [
    { value_source: 'body', body_data_type: 'json', key: 'ref', variable: 'v' },
    { value_source: 'body', body_data_type: 'json', key: 'after', variable: 'v' },
  ]);
  assert.deepEqual(env, { v: 'a1b2c3' });
});
