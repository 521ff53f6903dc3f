// Signing in through OpenID Connect against a real provider (the `oidc-provider` package in its own
// process, test/support/oidc-provider.mjs): the whole code flow with real redirects, the checks that
// keep another browser's or a forged answer out (state, nonce, PKCE), where the browser may land,
// which accounts open and which do not, the login options, password_login_disable, a provider that
// is down, group mappings, and the client secret nowhere to be seen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { freePort } from './support/ports.ts';
import { type Accounts, Browser, type Hop, type OidcPeer, startOidcPeer } from './support/oidc-peer.ts';

const SECRET = 'client-secret-3f9a1c7e5b';
const DEAD_SECRET = 'dead-provider-secret-77a1';

const accounts = (groups: string[] = ['ops']): Accounts => ({
  alice: { email: 'Alice@Example.test', email_verified: true, preferred_username: 'alice', name: 'Alice A.', groups },
  bob: { email: 'bob@example.test', preferred_username: 'bob', name: 'Bob B.' },
  nameless: { email: 'nameless@example.test' },
  nomail: { preferred_username: 'nomail' },
  unverified: { email: 'unverified@example.test', email_verified: false, preferred_username: 'unverified' },
  nick: { email: 'nick@example.test', nickname: 'nicky', name: 'Nick N.' },
});

describe('OpenID Connect sign-in', () => {
  let peer: OidcPeer;
  let stack: InProcessStack;
  let base = '';
  const logs: string[] = [];
  const hops: Hop[] = [];
  const restore: Array<() => void> = [];

  /** Every answer a test saw, to search for secrets at the end. */
  const seen = (h: Hop[]) => (hops.push(...h), h);

  before(async () => {
    for (const level of ['log', 'warn', 'error', 'info'] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        logs.push(
          args
            .map((a) =>
              a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a),
            )
            .join(' '),
        );
        original.apply(console, args);
      };
      restore.push(() => (console[level] = original));
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirect = (id: string, path = '') => `${base}/api/auth/oidc/${id}/redirect${path}`;
    peer = await startOidcPeer(
      [
        {
          client_id: 'signalman',
          client_secret: SECRET,
          redirect_uris: [redirect('corp'), redirect('manual'), redirect('pathy', '/landing/page')],
        },
      ],
      accounts(),
    );
    const providers = {
      corp: {
        client_id: 'signalman',
        client_secret: SECRET,
        provider_url: peer.issuer,
        display_name: 'Corp SSO',
        color: 'blue',
        icon: 'login',
        order: 2,
        scopes: ['openid', 'profile', 'email', 'groups'],
        groups_claim: 'groups',
        group_mappings: [{ group: 'ops', project: 'infra', role: 'manager' }],
      },
      manual: {
        client_id: 'signalman',
        client_secret: SECRET,
        endpoint: {
          issuer: peer.issuer,
          auth: `${peer.issuer}/auth`,
          token: `${peer.issuer}/token`,
          userinfo: `${peer.issuer}/me`,
          jwks: `${peer.issuer}/jwks`,
          algorithms: ['RS256'],
        },
        username_claim: 'preferred_username|nickname',
        name_claim: 'name|nickname',
        order: 2,
      },
      pathy: {
        client_id: 'signalman',
        client_secret: SECRET,
        provider_url: peer.issuer,
        redirect_url: redirect('pathy', '/landing/page'),
        order: 3,
      },
      down: {
        client_id: 'signalman',
        client_secret: DEAD_SECRET,
        provider_url: `http://127.0.0.1:${await freePort()}`,
        display_name: 'Down',
        order: 1,
      },
    };
    stack = await startInProcess('sqlite', {
      SIGNALMAN_PORT: String(port),
      SIGNALMAN_WEB_HOST: base,
      SEMAPHORE_OIDC_PROVIDERS: JSON.stringify(providers),
    });
    assert.deepEqual(Object.keys(stack.config.settings.oidc_providers).sort(), ['corp', 'down', 'manual', 'pathy']);
    assert.equal((await stack.admin.post('/api/projects', { name: 'infra' })).status, 201);
  });
  after(async () => {
    for (const r of restore) r();
    await stack?.close();
    await peer?.stop();
  });

  const settings = () => stack.config.settings;

  /** Starts a sign-in: the answer of /login, which sends the browser to the provider. */
  const start = async (browser: Browser, provider: string, redirect?: string) => {
    const query = redirect === undefined ? '' : `?redirect=${encodeURIComponent(redirect)}`;
    const [hop] = seen(await browser.follow(`${base}/api/auth/oidc/${provider}/login${query}`, () => false));
    return hop;
  };

  /** The whole sign-in as `account`: the final answer of our server (where it sends the browser). */
  const signIn = async (browser: Browser, account: string, provider = 'corp', redirect?: string) => {
    const begun = await start(browser, provider, redirect);
    assert.equal(begun.status, 302, begun.body);
    const callback = await browser.signInAtProvider(begun.location!, account);
    const [back] = seen(await browser.follow(callback, () => false));
    return back;
  };

  const me = async (browser: Browser) => {
    const session = browser.cookie(base, 'semaphore');
    const res = await fetch(`${base}/api/user`, { headers: session ? { cookie: `semaphore=${session}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const refusal = (hop: Hop) => {
    assert.equal(hop.status, 302, hop.body);
    const to = new URL(hop.location!);
    assert.equal(`${to.origin}${to.pathname}`, `${base}/auth/login`);
    return to.searchParams.get('error') ?? '';
  };

  test('the login options list the providers by order then id, with nothing but id, name, color and icon', async () => {
    const res = await stack.anonymous.get('/api/auth/login');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      oidc_providers: [
        { id: 'down', name: 'Down', color: '', icon: '' },
        { id: 'corp', name: 'Corp SSO', color: 'blue', icon: 'login' },
        { id: 'manual', name: 'manual', color: '', icon: '' },
        { id: 'pathy', name: 'pathy', color: '', icon: '' },
      ],
      login_with_password: true,
      auth_methods: {}, // TOTP is off on this server
    });
  });

  test('a user signs in through the provider, lands where they asked and their session works', async () => {
    const browser = new Browser();
    const begun = await start(browser, 'corp', 'project/1/history');
    assert.equal(begun.status, 302);
    const auth = new URL(begun.location!);
    assert.equal(auth.origin, peer.issuer);
    assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
    for (const p of ['code_challenge', 'state', 'nonce']) assert.ok(auth.searchParams.get(p), p);
    assert.equal(auth.searchParams.get('redirect_uri'), `${base}/api/auth/oidc/corp/redirect`);
    const cookie = browser.cookie(base, 'oauthstate') ?? '';
    assert.ok(cookie, 'the sign-in state cookie is set');
    assert.ok(!cookie.includes(auth.searchParams.get('state')!), 'the state cookie is sealed, not readable');
    const setCookie =
      (await fetch(`${base}/api/auth/oidc/corp/login`, { redirect: 'manual' })).headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^oauthstate=[^;]+;.*Max-Age=600;.*Path=\/api\/auth\/oidc\/;.*HttpOnly;.*SameSite=Lax/);

    const callback = await browser.signInAtProvider(begun.location!, 'alice');
    assert.ok(callback.startsWith(`${base}/api/auth/oidc/corp/redirect?`), callback);
    const [back] = seen(await browser.follow(callback, () => false));
    assert.equal(back.status, 302, back.body);
    assert.equal(back.location, `${base}/project/1/history`);
    assert.equal(browser.cookie(base, 'oauthstate'), undefined, 'the state cookie is used once');
    const user = await me(browser);
    assert.equal(user.status, 200);
    assert.equal(user.body.username, 'alice');
    assert.equal(user.body.email, 'alice@example.test');
    assert.equal(user.body.name, 'alice', 'name_claim defaults to preferred_username, as upstream');
    assert.equal(user.body.external, true);
    assert.equal(user.body.admin, false);
    // The callback replayed (same code, state cookie gone) opens nothing.
    const again = new Browser();
    refusal(seen(await again.follow(callback, () => false))[0]);
    assert.equal((await me(again)).status, 401);
  });

  test('the second sign-in finds the same user; the external user cannot use a password', async () => {
    const before = (await stack.admin.get('/api/users')).body as Array<{ id: number; email: string }>;
    const first = new Browser();
    await signIn(first, 'alice');
    const second = new Browser();
    const back = await signIn(second, 'alice');
    assert.equal(back.location, `${base}/`);
    const after = (await stack.admin.get('/api/users')).body as Array<{ id: number; email: string }>;
    assert.equal(after.length, before.length);
    assert.equal((await me(first)).body.id, (await me(second)).body.id);
    const pw = await stack.anonymous.post('/api/auth/login', { auth: 'alice@example.test', password: 'anything' });
    assert.equal(pw.status, 401);
  });

  test('manual endpoints, claim fallbacks and a missing username claim', async () => {
    const nick = new Browser();
    assert.equal((await signIn(nick, 'nick', 'manual')).status, 302);
    const body = (await me(nick)).body;
    assert.equal(body.username, 'nicky', 'username_claim falls back to nickname');
    assert.equal(body.name, 'Nick N.');
    const nameless = new Browser();
    await signIn(nameless, 'nameless', 'corp');
    const created = (await me(nameless)).body;
    assert.match(String(created.username), /^oidc-[0-9a-f]{12}$/, 'a random username when the claim is missing');
    assert.equal(created.external, true);
  });

  test('the answer of another browser’s sign-in, or one without its state cookie, is refused', async () => {
    const victim = new Browser();
    const attacker = new Browser();
    const attackerStart = await start(attacker, 'corp');
    const attackerCallback = await attacker.signInAtProvider(attackerStart.location!, 'alice');
    await start(victim, 'corp'); // the victim has a sign-in of their own under way
    const error = refusal(seen(await victim.follow(attackerCallback, () => false))[0]);
    assert.match(error, /does not belong to this sign-in/);
    assert.equal((await me(victim)).status, 401);
    // No state cookie at all
    const bare = new Browser();
    assert.match(refusal(seen(await bare.follow(attackerCallback, () => false))[0]), /not started here/);
    // A state cookie of another provider (sealed for "corp", presented to "manual")
    const other = new Browser();
    await start(other, 'corp');
    other.setCookie(base, 'oauthstate', other.cookie(base, 'oauthstate')!);
    const swapped = attackerCallback.replace('/oidc/corp/', '/oidc/manual/');
    assert.match(refusal(seen(await other.follow(swapped, () => false))[0]), /not started here/);
    // A tampered cookie
    const tampered = new Browser();
    await start(tampered, 'corp');
    const sealed = tampered.cookie(base, 'oauthstate')!;
    tampered.setCookie(base, 'oauthstate', `${sealed.slice(0, -4)}AAAA`);
    assert.match(refusal(seen(await tampered.follow(attackerCallback, () => false))[0]), /not started here/);
    assert.equal((await me(tampered)).status, 401);
  });

  test('an ID token with another nonce, or a code bound to another PKCE challenge, is refused', async () => {
    const browser = new Browser();
    const begun = await start(browser, 'corp');
    const forged = new URL(begun.location!);
    forged.searchParams.set('nonce', 'a-nonce-of-the-attacker');
    const callback = await browser.signInAtProvider(forged.href, 'alice');
    assert.match(refusal(seen(await browser.follow(callback, () => false))[0]), /nonce|does not belong/);
    assert.equal((await me(browser)).status, 401);

    const pkce = new Browser();
    const begun2 = await start(pkce, 'corp');
    const swapped = new URL(begun2.location!);
    const otherVerifier = 'another-verifier-another-verifier-another-verifier';
    swapped.searchParams.set('code_challenge', createHash('sha256').update(otherVerifier).digest('base64url'));
    const callback2 = await pkce.signInAtProvider(swapped.href, 'alice');
    assert.match(refusal(seen(await pkce.follow(callback2, () => false))[0]), /refused the code/);
    assert.equal((await me(pkce)).status, 401);
  });

  test('wherever the redirect asks to go, the browser lands on this server', async () => {
    for (const target of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      'a/../..//evil.example',
    ]) {
      const browser = new Browser();
      const back = await signIn(browser, 'alice', 'corp', target);
      assert.equal(back.status, 302, target);
      assert.equal(new URL(back.location!).origin, base, `${JSON.stringify(target)} → ${back.location}`);
      assert.equal((await me(browser)).status, 200);
    }
    const pathy = new Browser();
    const back = await signIn(pathy, 'alice', 'pathy', '//evil.example');
    assert.equal(back.location, `${base}/landing/page`, 'the path of the callback URL wins');
  });

  test('a local user’s e-mail, a missing or unverified e-mail: refused, and no account changes', async () => {
    const local = await stack.admin.post('/api/users', {
      username: 'bob',
      name: 'Local Bob',
      email: 'bob@example.test',
      password: 'bobs-local-password',
    });
    assert.equal(local.status, 201);
    const browser = new Browser();
    assert.match(refusal(await signIn(browser, 'bob')), /signs in with a password/);
    assert.equal((await me(browser)).status, 401);
    const bob = (await stack.admin.get(`/api/users/${local.body.id}`)).body;
    assert.equal(bob.external, false);
    assert.equal(bob.name, 'Local Bob');
    assert.match(refusal(await signIn(new Browser(), 'nomail')), /no e-mail address/);
    assert.match(refusal(await signIn(new Browser(), 'unverified')), /not verified/);
    const users = (await stack.admin.get('/api/users')).body as Array<{ username: string }>;
    assert.ok(!users.some((u) => ['nomail', 'unverified'].includes(u.username)));
  });

  test('an unknown provider is 404 at both ends', async () => {
    for (const path of ['nosuch/login', 'nosuch/redirect', 'nosuch/redirect/a/b', 'bad%20id/login']) {
      const res = await stack.anonymous.get(`/api/auth/oidc/${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.body.error, /no OpenID Connect provider/);
    }
  });

  test('a provider that cannot be reached sends the browser back to the login page saying so', async () => {
    const browser = new Browser();
    const hop = await start(browser, 'down');
    assert.match(refusal(hop), /provider down: discovery .* failed/);
    assert.equal(browser.cookie(base, 'oauthstate'), undefined);
  });

  test('group mappings grant a project role at sign-in and take it back when the group is gone', async () => {
    const projects = (await stack.admin.get('/api/projects')).body as Array<{ id: number; name: string }>;
    const infra = projects.find((p) => p.name === 'infra')!;
    const roleOfAlice = async () => {
      const team = (await stack.admin.get(`/api/project/${infra.id}/users`)).body as Array<{
        username: string;
        role: string;
      }>;
      return team.find((u) => u.username === 'alice')?.role ?? null;
    };
    peer.setAccounts(accounts(['ops']));
    const browser = new Browser();
    await signIn(browser, 'alice');
    assert.equal(await roleOfAlice(), 'manager');
    const session = browser.cookie(base, 'semaphore');
    const seenByAlice = await fetch(`${base}/api/project/${infra.id}`, { headers: { cookie: `semaphore=${session}` } });
    assert.equal(seenByAlice.status, 200);
    peer.setAccounts(accounts(['devs']));
    await signIn(new Browser(), 'alice');
    assert.equal(await roleOfAlice(), null);
    const events = (await stack.admin.get('/api/events')).body as Array<{ description: string }>;
    assert.ok(events.some((e) => /alice.*(group mapping of oidc:corp)/.test(e.description)));
    peer.setAccounts(accounts());
  });

  test('password_login_disable: the options say so and password login is refused, even for the admin', async () => {
    settings().password_login_disable = true;
    try {
      assert.equal((await stack.anonymous.get('/api/auth/login')).body.login_with_password, false);
      const res = await stack.anonymous.post('/api/auth/login', { auth: 'admin', password: 'admin-test-password' });
      assert.equal(res.status, 403);
      assert.match(res.body.error, /password login is disabled/);
      assert.equal(res.headers.get('set-cookie'), null);
      assert.equal((await signIn(new Browser(), 'alice')).location, `${base}/`, 'OIDC still signs in');
    } finally {
      settings().password_login_disable = false;
    }
    assert.equal(
      (await stack.anonymous.post('/api/auth/login', { auth: 'admin', password: 'admin-test-password' })).status,
      204,
    );
  });

  test('the client secret is in no answer, log line or event', async () => {
    assert.ok(hops.length > 20, 'the other tests were run first and their answers kept');
    const events = await stack.admin.get('/api/events');
    const options = await stack.anonymous.get('/api/auth/login');
    const texts = [...hops.map((h) => `${h.location ?? ''} ${h.body}`), events.text, options.text, ...logs];
    assert.ok(
      logs.some((l) => l.includes('[oidc]')),
      'the refusals were logged (the search below reads the log)',
    );
    for (const secret of [SECRET, DEAD_SECRET]) {
      assert.deepEqual(
        texts.filter((t) => t.includes(secret)),
        [],
        secret,
      );
    }
  });
});
