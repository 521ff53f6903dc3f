import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonColumn, readJsonColumn, StoredJsonError, type JsonTable } from './json-columns.ts';

type Case = [why: string, table: JsonTable, column: string, text: string | null | undefined, expected: unknown];

const surveyVar = { title: 'Who', name: 'who', required: true, type: '', description: '' };

const reads: Case[] = [
  ['NULL reads as an empty object', 'template', 'task_params', null, {}],
  ['undefined reads as an empty object', 'schedule', 'task_params', undefined, {}],
  ['empty text reads as an empty object', 'integration', 'task_params', '', {}],
  ['blank text reads as an empty object', 'environment', 'json', ' \n\t', {}],
  ['JSON null (Semaphore’s nil map) reads as an empty object', 'task', 'params', 'null', {}],
  ['an object', 'environment', 'env', '{"A":"1","B":{"c":[1,2]}}', { A: '1', B: { c: [1, 2] } }],
  ['an empty object', 'task', 'environment', '{}', {}],
  ['NULL reads as no arguments', 'template', 'arguments', null, []],
  ['JSON null reads as no arguments', 'task', 'arguments', 'null', []],
  ['an array of strings', 'template', 'arguments', '["-v","--check"]', ['-v', '--check']],
  ['NULL reads as no survey variables', 'template', 'survey_vars', null, []],
  ['JSON null (Semaphore’s nil list) reads as no survey variables', 'template', 'survey_vars', 'null', []],
  ['an empty survey list', 'template', 'survey_vars', '[]', []],
  ['survey variables with every field as stored', 'template', 'survey_vars', JSON.stringify([surveyVar]), [surveyVar]],
  [
    'survey variables from Semaphore (null values, fields we do not know)',
    'template',
    'survey_vars',
    '[{"name":"x","values":null,"secret":false}]',
    [{ name: 'x', values: null, secret: false }],
  ],
];

for (const [why, table, column, text, expected] of reads) {
  test(`json column ${table}.${column}: ${why}`, () => {
    const reading = readJsonColumn(table, column as never, text);
    assert.deepEqual(reading, { ok: true, value: expected });
  });
}

const problems: Case[] = [
  ['text that is not JSON', 'template', 'survey_vars', '[{"name":', 'not valid JSON'],
  ['a cut-off object', 'environment', 'json', '{"a": 1', 'not valid JSON'],
  ['single quotes are not JSON', 'task', 'params', "{'a': 1}", 'not valid JSON'],
  ['an array where an object belongs', 'template', 'task_params', '[1,2]', 'must be a JSON object'],
  ['a string where an object belongs', 'schedule', 'task_params', '"text"', 'must be a JSON object'],
  ['a number where an object belongs', 'environment', 'env', '7', 'must be a JSON object'],
  ['an object where arguments belong', 'template', 'arguments', '{"a":1}', 'must be a JSON array of strings'],
  ['arguments that are not all strings', 'task', 'arguments', '["-v",2]', 'must be a JSON array of strings'],
  [
    'an object where survey variables belong',
    'template',
    'survey_vars',
    '{"name":"x"}',
    'must be a JSON array of survey variables, each with a name',
  ],
  [
    'a survey variable without a name',
    'template',
    'survey_vars',
    '[{"title":"x"}]',
    'must be a JSON array of survey variables, each with a name',
  ],
  [
    'a survey variable that is not an object',
    'template',
    'survey_vars',
    '["who"]',
    'must be a JSON array of survey variables, each with a name',
  ],
];

for (const [why, table, column, text, problem] of problems) {
  test(`json column ${table}.${column}: ${why} is "${problem}"`, () => {
    assert.deepEqual(readJsonColumn(table, column as never, text), { ok: false, problem });
  });
}

test('a row whose column holds bad JSON: StoredJsonError naming table, row and column', () => {
  assert.throws(
    () => jsonColumn('template', { id: 7, survey_vars: 'not json' }, 'survey_vars'),
    (err: unknown) =>
      err instanceof StoredJsonError &&
      err.message === 'template 7 survey_vars: not valid JSON' &&
      err.table === 'template' &&
      err.rowId === 7 &&
      err.column === 'survey_vars' &&
      err.problem === 'not valid JSON',
  );
  assert.throws(
    () => jsonColumn('environment', { id: 3, json: '[1]' }, 'json'),
    /^StoredJsonError: environment 3 json: must be a JSON object$/,
  );
});

test('a row without an id (not stored yet) is named by table and column only', () => {
  assert.throws(() => jsonColumn('task', { params: '1' }, 'params'), {
    name: 'StoredJsonError',
    message: 'task params: must be a JSON object',
  });
});

test('a good value comes back as stored, field order and all', () => {
  const text = '[{"title":"Who","name":"who","zeta":1,"alpha":2}]';
  assert.equal(JSON.stringify(jsonColumn('template', { id: 1, survey_vars: text }, 'survey_vars')), text);
  const params = '{"z":1,"a":{"y":2,"b":3},"__proto__":{"x":1}}';
  assert.equal(JSON.stringify(jsonColumn('schedule', { id: 1, task_params: params }, 'task_params')), params);
});
