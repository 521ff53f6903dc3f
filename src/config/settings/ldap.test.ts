import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { loadSettings, readSettings } from '../load.ts';
import { ldapSettings, ldapSettingsProblems, ldapSettingsSchema } from './ldap.ts';

const problems = (input: unknown) => {
  const parsed = ldapSettingsSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test("defaults are Semaphore's, with certificates verified", () => {
  const s = ldapSettingsSchema.parse({});
  assert.equal(s.ldap_enable, false);
  assert.equal(s.ldap_searchfilter, '(uid=%s)');
  assert.deepEqual(s.ldap_mappings, { dn: 'dn', mail: 'mail', uid: 'uid', cn: 'cn' });
  assert.equal(s.ldap_skip_verify, false);
  assert.deepEqual(s.ldap_group_mappings, []);
  assert.equal(s.ldap_group_attribute, 'memberOf');
  assert.deepEqual(ldapSettingsSchema.parse({ ldap_mappings: { mail: 'userPrincipalName' } }).ldap_mappings, {
    dn: 'dn',
    mail: 'userPrincipalName',
    uid: 'uid',
    cn: 'cn',
  });
});

test('a search filter without %s is refused, naming the setting', () => {
  assert.deepEqual(problems({ ldap_searchfilter: '(uid=alice)' }), [
    'ldap_searchfilter: ldap_searchfilter must contain %s, where the (escaped) username goes, e.g. (uid=%s)',
  ]);
  assert.match(problems({ ldap_group_searchfilter: '(member=x)' })[0], /ldap_group_searchfilter must contain %s/);
});

test('the server is host:port, ldap:// or ldaps://', () => {
  for (const ok of ['ldap.example.org:389', 'ldap://10.0.0.1', 'ldaps://dir.example.org:636', '[::1]:389', ''])
    assert.deepEqual(problems({ ldap_server: ok }), [], ok);
  for (const bad of ['http://dir', 'ldap://dir/dc=example', 'dir:389 extra', 'ldaps://'])
    assert.match(problems({ ldap_server: bad })[0] ?? '', /ldap_server must be host:port/, bad);
});

test('group mappings: a role is one of the four, with a project; something must be granted', () => {
  assert.deepEqual(
    ldapSettingsSchema.parse({
      ldap_group_mappings: [
        { group: 'admins', admin: true },
        { group: 'ops', project: 7, role: 'manager' },
      ],
    }).ldap_group_mappings,
    [
      { group: 'admins', admin: true },
      { group: 'ops', project: '7', role: 'manager' },
    ],
  );
  const bad = problems({
    ldap_group_mappings: [
      { group: 'ops', project: 'infra', role: 'admin' },
      { group: 'ops', role: 'guest' },
      { group: '', admin: true },
      { group: 'ops', admin: true, extra: 1 },
    ],
  });
  assert.deepEqual(bad, [
    'ldap_group_mappings.0.role: role: must be one of owner, manager, task_runner, guest',
    'ldap_group_mappings.1: a mapping must grant something: "admin": true, or a "project" with a "role"',
    'ldap_group_mappings.1: "project" and "role" go together: name both or neither',
    'ldap_group_mappings.2.group: group: must not be empty',
    'ldap_group_mappings.3: Unrecognized key: "extra"',
  ]);
});

test('every leaf names its variable and a description; the bind password is secret', () => {
  const leaves: Array<[string, z.ZodType]> = Object.entries(ldapSettings).flatMap(([key, schema]) =>
    key === 'ldap_mappings'
      ? Object.entries((ldapSettings.ldap_mappings as unknown as { unwrap(): z.ZodObject }).unwrap().shape).map(
          ([k, v]) => [`${key}.${k}`, v as z.ZodType] as [string, z.ZodType],
        )
      : [[key, schema as z.ZodType]],
  );
  for (const [key, schema] of leaves) {
    const meta = schema.meta() as { env?: string; description?: string; secret?: boolean } | undefined;
    assert.match(String(meta?.env), /^SEMAPHORE_LDAP_/, key);
    assert.ok(meta?.description, key);
    assert.equal(meta?.secret === true, key === 'ldap_bindpassword', key);
  }
  assert.equal(leaves.length, 18);
});

test('enabled without a server or a search base is a problem', () => {
  assert.deepEqual(ldapSettingsProblems(ldapSettingsSchema.parse({ ldap_enable: true })), [
    'ldap_server: required when ldap_enable is true',
    'ldap_searchdn: required when ldap_enable is true',
  ]);
  assert.deepEqual(ldapSettingsProblems(ldapSettingsSchema.parse({})), []);
});

test('SEMAPHORE_LDAP_* variables reach the settings through the loader, over config.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'signalman-ldap-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ ldap_enable: false, ldap_mappings: { mail: 'mail' }, ldap_server: 'dir:389' }));
  const env = {
    SEMAPHORE_CONFIG_PATH: path,
    SEMAPHORE_LDAP_ENABLE: 'yes',
    SEMAPHORE_LDAP_MAPPING_MAIL: 'mail|userPrincipalName',
    SEMAPHORE_LDAP_GROUP_MAPPINGS: '[{"group": "ops", "project": "infra", "role": "manager"}]',
    SEMAPHORE_LDAP_BIND_PASSWORD: 'hunter2-bind',
  };
  const { settings } = loadSettings(env, { cwd: dir, searchPaths: [] });
  assert.equal(settings.ldap_enable, true);
  assert.equal(settings.ldap_server, 'dir:389');
  assert.deepEqual(settings.ldap_mappings, { dn: 'dn', mail: 'mail|userPrincipalName', uid: 'uid', cn: 'cn' });
  assert.deepEqual(settings.ldap_group_mappings, [{ group: 'ops', project: 'infra', role: 'manager' }]);
  const bad = readSettings(
    {
      ...env,
      SEMAPHORE_LDAP_SEARCH_FILTER: '(uid=x)',
      SEMAPHORE_LDAP_GROUP_MAPPINGS: '[{"group":"ops","role":"root"}]',
    },
    { cwd: dir, searchPaths: [] },
  );
  assert.equal(bad.problems.length, 2, bad.problems.join('\n'));
  assert.ok(bad.problems.some((p) => p.includes('ldap_group_mappings.0.role') && p.includes('must be one of')));
  assert.ok(bad.problems.some((p) => p.includes('ldap_searchfilter') && p.includes('must contain %s')));
  assert.ok(bad.problems.every((p) => !p.includes('hunter2-bind')));
});
