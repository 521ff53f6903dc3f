import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attributesOf,
  connectionPlan,
  escapeFilterValue,
  fillFilter,
  groupNames,
  mappedValue,
} from './ldap-queries.ts';

test('filter values are escaped as RFC 4515 says: * ( ) \\ and NUL, nothing else', () => {
  const cases: Array<[string, string]> = [
    ['alice', 'alice'],
    ['*', '\\2a'],
    [')(', '\\29\\28'],
    ['a\0b', 'a\\00b'],
    ['back\\slash', 'back\\5cslash'],
    ['admin)(uid=*', 'admin\\29\\28uid=\\2a'],
    ['*)(|(objectClass=*', '\\2a\\29\\28|\\28objectClass=\\2a'],
    ['Zoë O’Brien & co', 'Zoë O’Brien & co'],
  ];
  for (const [input, escaped] of cases) assert.equal(escapeFilterValue(input), escaped, JSON.stringify(input));
});

test('every %s of the filter gets the escaped value, and $ patterns in it are taken literally', () => {
  assert.equal(fillFilter('(|(uid=%s)(mail=%s))', 'a*'), '(|(uid=a\\2a)(mail=a\\2a))');
  assert.equal(fillFilter('(uid=%s)', "$&$'"), "(uid=$&$')");
});

test('the connection: ldaps:// is LDAPS, ldap:// is plain or StartTLS, host:port as Semaphore dials it', () => {
  assert.deepEqual(connectionPlan('ldaps://dir.example.org:636', false), {
    url: 'ldaps://dir.example.org:636',
    startTls: false,
  });
  assert.deepEqual(connectionPlan('ldaps://dir.example.org', true), {
    url: 'ldaps://dir.example.org',
    startTls: false,
  });
  assert.deepEqual(connectionPlan('ldap://dir.example.org:389/', false), {
    url: 'ldap://dir.example.org:389',
    startTls: false,
  });
  assert.deepEqual(connectionPlan('LDAP://dir:389', true), { url: 'LDAP://dir:389', startTls: true });
  assert.deepEqual(connectionPlan('dir.example.org:389', false), {
    url: 'ldap://dir.example.org:389',
    startTls: false,
  });
  assert.deepEqual(connectionPlan('dir.example.org:636', true), {
    url: 'ldaps://dir.example.org:636',
    startTls: false,
  });
});

test('mappings read attributes without regard to case; a|b takes the first non-empty one', () => {
  const attrs = attributesOf({
    dn: 'uid=alice,ou=people,dc=example,dc=org',
    mail: [],
    userPrincipalName: 'alice@corp.example',
    cn: ['  ', 'Alice Liddell'],
    displayName: Buffer.from('Alice L.'),
  });
  assert.equal(mappedValue('mail|userPrincipalName', attrs), 'alice@corp.example');
  assert.equal(mappedValue('MAIL | USERPRINCIPALNAME', attrs), 'alice@corp.example');
  assert.equal(mappedValue('displayName|cn', attrs), 'Alice L.');
  assert.equal(mappedValue('cn', attrs), 'Alice Liddell', 'blank values are skipped');
  assert.equal(mappedValue('dn', attrs), 'uid=alice,ou=people,dc=example,dc=org');
  assert.equal(mappedValue('nothing|none', attrs), '');
  assert.equal(mappedValue('', attrs), '');
});

test('a group goes by its DN and by the value of its first RDN', () => {
  assert.deepEqual(groupNames(['cn=ops,ou=groups,dc=example,dc=org', 'CN=Team\\, Web,OU=g,DC=x']), [
    'cn=ops,ou=groups,dc=example,dc=org',
    'ops',
    'CN=Team\\, Web,OU=g,DC=x',
    'Team, Web',
  ]);
});
