import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { oidcSettings } from './oidc.ts';
import { readSettings } from '../load.ts';

const schema = z.object(oidcSettings);
const problems = (input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('OIDC settings: defaults as upstream, and none without configuration', () => {
  assert.deepEqual(schema.parse({}), { oidc_providers: {}, password_login_disable: false });
  const { oidc_providers } = schema.parse({
    oidc_providers: { kc: { client_id: 'app', client_secret: 's', provider_url: 'https://id.example/realms/x' } },
  });
  assert.deepEqual(oidc_providers.kc, {
    client_id: 'app',
    client_secret: 's',
    provider_url: 'https://id.example/realms/x',
    scopes: ['openid', 'profile', 'email'],
    display_name: '',
    color: '',
    icon: '',
    username_claim: 'preferred_username',
    name_claim: 'preferred_username',
    email_claim: 'email',
    order: 0,
    group_mappings: [],
  });
});

test('OIDC settings: each mistake is named', () => {
  const ok = { client_id: 'a', provider_url: 'https://id.example' };
  const cases: Array<[unknown, RegExp]> = [
    [{ 'bad id': ok }, /provider ids may hold only letters/],
    [{ '../x': ok }, /provider ids/],
    [{ p: { provider_url: 'https://id.example' } }, /client_id or client_id_file is required/],
    [{ p: { client_id: 'a' } }, /provider_url or endpoint/],
    [{ p: { client_id: 'a', provider_url: 'ftp://x' } }, /provider_url must be an http\(s\) URL/],
    [
      { p: { ...ok, endpoint: { issuer: 'https://i', auth: 'https://a', token: 'nope', jwks: 'https://j' } } },
      /endpoint.token/,
    ],
    [{ p: { ...ok, group_mappings: [{ group: 'ops', admin: true }] } }, /need groups_claim/],
    [
      { p: { ...ok, groups_claim: 'groups', group_mappings: [{ group: 'ops', project: 'infra' }] } },
      /"project" and "role" go together/,
    ],
  ];
  for (const [providers, want] of cases) {
    const found = problems({ oidc_providers: providers });
    assert.ok(
      found.some((p) => want.test(p)),
      `${JSON.stringify(providers)}: ${found.join('; ')}`,
    );
  }
});

test('the configuration reads SEMAPHORE_OIDC_PROVIDERS (JSON) and SEMAPHORE_PASSWORD_LOGIN_DISABLED; secrets are masked', () => {
  const providers = {
    kc: { client_id: 'app', client_secret: 'very-secret-value', provider_url: 'https://id.example' },
  };
  const env = {
    SEMAPHORE_OIDC_PROVIDERS: JSON.stringify(providers),
    SEMAPHORE_PASSWORD_LOGIN_DISABLED: 'yes',
  };
  const read = readSettings(env, { noConfig: true });
  assert.deepEqual(read.problems, []);
  assert.equal(read.settings?.password_login_disable, true);
  assert.equal(read.settings?.oidc_providers.kc.client_secret, 'very-secret-value');
  assert.equal(read.settings?.oidc_providers.kc.username_claim, 'preferred_username');
  const bad = readSettings(
    { SEMAPHORE_OIDC_PROVIDERS: JSON.stringify({ 'a b': { client_secret: 'very-secret-value' } }) },
    { noConfig: true },
  );
  assert.ok(
    bad.problems.some((p) => /oidc_providers.*SEMAPHORE_OIDC_PROVIDERS/.test(p)),
    bad.problems.join('; '),
  );
  assert.ok(!bad.problems.join(' ').includes('very-secret-value'));
});
