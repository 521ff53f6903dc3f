import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimValue, groupsOf, landingPath, landingUrl } from './oidc-claims.ts';

test('claim settings: `|` fallbacks, the first non-empty string (or integral number) wins', () => {
  const claims = { empty: '', blank: '  ', nick: 'nicky', n: 42, f: 1.5, list: ['x'], obj: { a: 1 } };
  const cases: Array<[string, string | undefined]> = [
    ['nick', 'nicky'],
    ['empty|blank|nick', 'nicky'],
    [' missing | nick ', 'nicky'],
    ['n', '42'],
    ['f|list|obj', undefined],
    ['missing', undefined],
  ];
  for (const [setting, want] of cases) assert.equal(claimValue(claims, setting), want, setting);
});

test('groups: an array of strings or one string; anything else is none', () => {
  assert.deepEqual(groupsOf({ g: ['a', 'b', 3, '', null] }, 'g'), ['a', 'b']);
  assert.deepEqual(groupsOf({ g: 'ops' }, 'g'), ['ops']);
  assert.deepEqual(groupsOf({ g: '' }, 'g'), []);
  assert.deepEqual(groupsOf({ g: { ops: true } }, 'g'), []);
  assert.deepEqual(groupsOf({ g: ['a'] }, undefined), []);
});

test('landing paths stay on this server, whatever was asked for', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, '/'],
    ['', '/'],
    ['project/1/history', '/project/1/history'],
    ['/project/1/history?x=1#y', '/project/1/history?x=1#y'],
    ['//evil.example/x', '/evil.example/x'],
    ['///evil.example', '/evil.example'],
    ['https://evil.example', '/https://evil.example'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['a/../../..//evil.example', '/evil.example'],
    ['../../etc', '/etc'],
    ['é ü', '/%C3%A9%20%C3%BC'],
    ['x'.repeat(3000), '/'],
  ];
  for (const [asked, want] of cases) assert.equal(landingPath(asked), want, JSON.stringify(asked));
  for (const [asked] of cases) {
    const url = new URL(landingUrl('https://ci.example/semaphore/', asked), 'https://ci.example');
    assert.equal(url.origin, 'https://ci.example', JSON.stringify(asked));
    assert.ok(url.pathname.startsWith('/semaphore/'), JSON.stringify(asked));
  }
  assert.equal(landingUrl('', '//evil.example'), '/evil.example');
});
