import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayUrl, repositoryKind } from './repository.ts';

test('repository kind follows the URL as upstream derives it', () => {
  assert.equal(repositoryKind('/srv/repo'), 'local');
  assert.equal(repositoryKind('https://example.com/a.git'), 'https');
  assert.equal(repositoryKind('http://example.com/a.git'), 'https');
  assert.equal(repositoryKind('file:///srv/a.git'), 'file');
  assert.equal(repositoryKind('git://example.com/a.git'), 'git');
  assert.equal(repositoryKind('ssh://git@example.com/a.git'), 'ssh');
  assert.equal(repositoryKind('git@example.com:org/a.git'), 'ssh');
});

test('credentials never appear in a displayed URL', () => {
  assert.equal(displayUrl('https://bob:hunter2@example.com/a.git'), 'https://example.com/a.git');
  assert.equal(displayUrl('https://example.com/a.git'), 'https://example.com/a.git');
});
