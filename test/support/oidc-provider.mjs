// A real OpenID provider for the tests, in its own process: the certified `oidc-provider` package
// with its development login and consent pages (any password is accepted; the login names the
// account). Run by test/support/oidc-peer.ts as
//   node oidc-provider.mjs <port> <settings.json>
// where settings.json holds { clients: [...], accountsFile }. The accounts file maps an account id
// to its claims and is read at every sign-in, so a test can change someone's groups between two.
// Prints "listening <issuer>" when ready.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, settingsFile] = process.argv.slice(2);
const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const accounts = () => JSON.parse(readFileSync(settings.accountsFile, 'utf8'));

const provider = new Provider(issuer, {
  clients: settings.clients,
  findAccount: async (_ctx, id) => {
    if (!accounts()[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts()[id] }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'nickname'],
    groups: ['groups'],
  },
  scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
  // Claims in the ID token as well as at the userinfo endpoint, as Keycloak and Entra ID send them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, userinfo: { enabled: !settings.noUserinfo } },
  cookies: { keys: ['test-provider-cookie-key'] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
// Development pages and http: the provider only says so once.
provider.on('server_error', (_ctx, err) => console.error('provider server_error', err));

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
