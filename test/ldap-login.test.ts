// Sign-in through LDAP end to end: POST /api/auth/login against a real slapd (test/support/slapd.ts)
// over plain LDAP, StartTLS and LDAPS, with the refusals a directory login must make, and group
// mappings granting and taking back access as the directory's groups change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'ldapts';
import { type LdapSettings, ldapSettingsSchema } from '../src/config/settings/ldap.ts';
import { checkDirectoryLogin } from '../src/security/ldap-directory.ts';
import { ApiClient } from './support/api-client.ts';
import { ADMIN_PASSWORD, startInProcess, type InProcessStack } from './support/in-process.ts';
import { freePort } from './support/ports.ts';
import { SERVICE_DN, SERVICE_PASSWORD, SUFFIX, type Slapd, slapdMissing, startSlapd } from './support/slapd.ts';

const skip = slapdMissing();

describe('sign-in through LDAP', { skip }, () => {
  let slapd: Slapd;
  let stack: InProcessStack;
  let settings: LdapSettings;

  const configure = (over: Record<string, unknown> = {}) => {
    settings = ldapSettingsSchema.parse({
      ldap_enable: true,
      ldap_server: slapd.ldapUrl,
      ldap_binddn: SERVICE_DN,
      ldap_bindpassword: SERVICE_PASSWORD,
      ldap_searchdn: SUFFIX,
      ldap_searchfilter: '(&(objectClass=inetOrgPerson)(uid=%s))',
      ldap_mappings: { mail: 'mail|description' },
      ldap_timeout_sec: 5,
      ...over,
    });
    // As config.json or SEMAPHORE_LDAP_* would set them; src/api/routes/auth.ts reads them at each sign-in.
    stack.config.settings = { ...stack.config.settings, ...settings };
  };
  const signIn = async (auth: string, password: string) => {
    const client = new ApiClient(stack.base);
    const res = await client.post('/api/auth/login', { auth, password });
    return { client, res };
  };
  const signedInAs = async (auth: string, password: string) => {
    const { client, res } = await signIn(auth, password);
    assert.equal(res.status, 204, `${auth}: ${res.text}`);
    return { client, me: (await client.get('/api/user')).body };
  };
  const refused = async (auth: string, password: string, status = 401) => {
    const { client, res } = await signIn(auth, password);
    assert.equal(res.status, status, `${JSON.stringify(auth)}: ${res.text}`);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.equal((await client.get('/api/user')).status, 401);
    return res;
  };
  const usernames = async () => (await stack.admin.get('/api/users')).body.map((u: { username: string }) => u.username);

  before(async () => {
    slapd = await startSlapd();
    stack = await startInProcess('sqlite');
  });
  after(async () => {
    await stack?.close();
    await slapd?.stop();
  });

  test('a directory user signs in over plain LDAP; created once as external, username lower-cased', async () => {
    configure();
    const { me } = await signedInAs('ALICE', 'alice-pass');
    assert.equal(me.username, 'alice');
    assert.equal(me.external, true);
    assert.equal(me.name, 'Alice Liddell');
    assert.equal(me.email, 'alice@example.org');
    assert.equal(me.admin, false);
    const again = await signedInAs('alice', 'alice-pass');
    assert.equal(again.me.id, me.id);
    assert.equal((await usernames()).filter((u: string) => u === 'alice').length, 1);
  });

  test('a mapping with a|b fallbacks takes the first attribute that has a value', async () => {
    configure();
    const { me } = await signedInAs('bob', 'bob-pass');
    assert.equal(me.email, 'bob@corp.example', 'bob has no mail; description is the fallback');
  });

  test('StartTLS on ldap:// verifies the certificate against ldap_ca_file; refused when untrusted unless skipped', async () => {
    configure({ ldap_needtls: true, ldap_ca_file: slapd.caFile });
    await signedInAs('alice', 'alice-pass');
    configure({ ldap_needtls: true });
    const res = await refused('alice', 'alice-pass', 503);
    assert.match(res.body.error, /StartTLS failed: .*certificate/);
    configure({ ldap_needtls: true, ldap_skip_verify: true });
    await signedInAs('alice', 'alice-pass');
  });

  test('LDAPS (ldaps:// or Semaphore host:port with ldap_needtls) verifies the certificate too', async () => {
    configure({ ldap_server: slapd.ldapsUrl, ldap_ca_file: slapd.caFile });
    await signedInAs('alice', 'alice-pass');
    configure({ ldap_server: slapd.ldapsUrl.replace('ldaps://', ''), ldap_needtls: true, ldap_ca_file: slapd.caFile });
    await signedInAs('alice', 'alice-pass');
    configure({ ldap_server: slapd.ldapsUrl });
    const res = await refused('alice', 'alice-pass', 503);
    assert.match(res.body.error, /certificate/);
    configure({ ldap_server: slapd.ldapsUrl, ldap_skip_verify: true });
    await signedInAs('alice', 'alice-pass');
  });

  test('a wrong password gets 401 like a local one, and the login throttle counts it', async () => {
    configure();
    const alice = (await signedInAs('alice', 'alice-pass')).me;
    const before = await stack.db.loginFailure.count({ where: { key: `user:${alice.id}` } });
    await refused('alice', 'wrong-pass');
    assert.equal(await stack.db.loginFailure.count({ where: { key: `user:${alice.id}` } }), before + 1);
  });

  test('an empty password is refused before any bind: the directory would accept it as anonymous', async () => {
    configure();
    // The danger is real: slapd answers an empty-password simple bind of a real DN with success.
    const raw = new Client({ url: slapd.ldapUrl });
    await raw.bind(`uid=Alice,ou=people,${SUFFIX}`, '');
    await raw.unbind();
    assert.deepEqual(await checkDirectoryLogin(settings, 'alice', ''), {
      outcome: 'refused',
      reason: 'empty password',
    });
    const res = await refused('alice', '', 400);
    assert.match(res.body.error, /^password: must not be empty/);
  });

  test('an unknown user, and a username that matches two entries, get 401', async () => {
    configure();
    await refused('nobody', 'whatever');
    await refused('twin', 'twin-pass');
    assert.equal((await usernames()).includes('twin'), false);
  });

  test('filter syntax in the username is a literal value: no wildcard, no injected clause, no NUL', async () => {
    configure();
    const before = await usernames();
    // Unescaped, "Alic*" would find exactly Alice, and her password would sign the caller in.
    for (const auth of [
      'alic*',
      '*',
      'x)(uid=alice',
      'alice)(|(uid=*',
      'admin)(uid=*',
      '*)(uid=*))(|(uid=*',
      'Alic\\2a',
    ]) {
      await refused(auth, 'alice-pass');
    }
    assert.deepEqual(await usernames(), before);
    // NUL never reaches the service through the API (400), and the directory check escapes it too.
    assert.match((await refused('Alice\u0000', 'alice-pass', 400)).body.error, /^auth: /);
    for (const name of ['Alice\u0000', 'Alice\u0000)(uid=*'])
      assert.deepEqual(await checkDirectoryLogin(settings, name, 'alice-pass'), {
        outcome: 'refused',
        reason: 'unknown user',
      });
    assert.equal((await checkDirectoryLogin(settings, 'Alice', 'alice-pass')).outcome, 'found', 'the control case');
  });

  test('external users cannot have a password set, by themselves or by an administrator', async () => {
    configure();
    const { client, me } = await signedInAs('alice', 'alice-pass');
    const byAdmin = await stack.admin.post(`/api/users/${me.id}/password`, { password: 'a-local-password' });
    assert.equal(byAdmin.status, 400);
    assert.match(byAdmin.body.error, /external/);
    const bySelf = await client.put(`/api/users/${me.id}`, { ...me, password: 'a-local-password' });
    assert.equal(bySelf.status, 400);
    assert.match(bySelf.body.error, /external/);
    configure({ ldap_enable: false });
    await refused('alice', 'a-local-password');
    await refused('alice', 'alice-pass');
  });

  test('local accounts keep their passwords; a directory entry cannot take over a local username', async () => {
    configure();
    const { me } = await signedInAs('admin', ADMIN_PASSWORD);
    assert.equal(me.external, false);
    const res = await refused('admin', 'directory-admin-pass', 403);
    assert.match(res.body.error, /belongs to a local account/);
  });

  test('an unreachable directory or a failing service bind is a 503 without the bind password', async () => {
    configure({ ldap_server: `ldap://127.0.0.1:${await freePort()}` });
    let res = await refused('alice', 'alice-pass', 503);
    assert.match(res.body.error, /^sign-in through LDAP is unavailable: /);
    await signedInAs('admin', ADMIN_PASSWORD); // local accounts still sign in during an outage
    configure({ ldap_bindpassword: 'not-the-service-password' });
    res = await refused('alice', 'alice-pass', 503);
    assert.match(res.body.error, /service account bind/);
    assert.doesNotMatch(res.text, /not-the-service-password|service-bind-secret/);
  });

  for (const lookup of ['memberOf', 'a group search'] as const) {
    test(`groups (${lookup}) grant admin and a project role, taken back when the directory removes them`, async () => {
      const project = (await stack.admin.post('/api/projects', { name: `infra-${lookup}` })).body;
      const web = (await stack.admin.post('/api/projects', { name: `web-${lookup}` })).body;
      configure({
        ...(lookup === 'a group search' ? { ldap_group_searchdn: `ou=groups,${SUFFIX}` } : {}),
        ldap_group_mappings: [
          { group: `cn=admins,ou=groups,${SUFFIX}`, admin: true },
          { group: 'ops', project: project.name, role: 'manager' },
        ],
      });
      const bob = (await signedInAs('bob', 'bob-pass')).me;
      assert.equal(bob.admin, false);
      const team = async (id: number) => (await stack.admin.get(`/api/project/${id}/users`)).body;
      assert.deepEqual(
        (await team(project.id)).filter((m: { id: number }) => m.id === bob.id).map((m: { role: string }) => m.role),
        ['manager'],
      );
      // Granted by hand: stays whatever the directory says.
      assert.equal(
        (await stack.admin.post(`/api/project/${web.id}/users`, { user_id: bob.id, role: 'guest' })).status,
        204,
      );
      const alice = (await signedInAs('alice', 'alice-pass')).me;
      assert.equal(alice.admin, true);

      const groupChange = (op: 'delete' | 'add', group: string, uid: string) =>
        slapd.modify(
          `dn: cn=${group},ou=groups,${SUFFIX}\nchangetype: modify\n${op}: member\nmember: uid=${uid},ou=people,${SUFFIX}\n`,
        );
      groupChange('delete', 'ops', 'bob');
      groupChange('delete', 'admins', 'Alice');
      try {
        await signedInAs('bob', 'bob-pass');
        assert.equal(
          (await team(project.id)).some((m: { id: number }) => m.id === bob.id),
          false,
        );
        assert.deepEqual(
          (await team(web.id)).filter((m: { id: number }) => m.id === bob.id).map((m: { role: string }) => m.role),
          ['guest'],
        );
        assert.equal((await signedInAs('alice', 'alice-pass')).me.admin, false);
        const events = (await stack.admin.get('/api/events')).body.map((e: { description: string }) => e.description);
        for (const expected of [
          'User alice made an administrator (group mapping of ldap)',
          'User alice is no longer an administrator (group mapping of ldap)',
          'User bob added to the team as manager (group mapping of ldap)',
          'User bob removed from the team (group mapping of ldap)',
        ])
          assert.ok(events.includes(expected), `${expected} in\n${events.join('\n')}`);
      } finally {
        groupChange('add', 'ops', 'bob');
        groupChange('add', 'admins', 'Alice');
      }
    });
  }
});
