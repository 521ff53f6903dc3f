// The OpenID Connect authorization code flow with openid-client: the provider's metadata (discovered
// from provider_url, or the manual endpoint{…}), the authorization URL with PKCE, state and nonce,
// and the callback: code exchange, ID token checks, userinfo. What the provider says is turned into
// errors that name the step and never carry the client secret.
import { readFile } from 'node:fs/promises';
import * as oidc from 'openid-client';
import type { OidcProvider } from '../config/settings/oidc.ts';
import type { Claims } from '../domain/oidc-claims.ts';
import { AppError, BadRequestError, ForbiddenError } from './errors.ts';

/** The provider could not be reached or answered nonsense: the sign-in cannot go on, through no fault of the user. */
export class OidcProviderError extends AppError {
  constructor(message: string) {
    super(502, message);
  }
}

const TIMEOUT_SECONDS = 15;
const discovered = new Map<string, Promise<oidc.Configuration>>();

async function fileOrValue(value: string | undefined, file: string | undefined, what: string): Promise<string> {
  if (value) return value;
  if (!file) return '';
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new OidcProviderError(`${what}: ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** http:// is allowed only when the administrator configured it so (a provider on localhost, tests). */
const insecure = (url: string | undefined) => /^http:/i.test(url ?? '');

async function configure(id: string, provider: OidcProvider): Promise<oidc.Configuration> {
  const clientId = await fileOrValue(
    provider.client_id,
    provider.client_id_file,
    `oidc_providers.${id}.client_id_file`,
  );
  const secret = await fileOrValue(
    provider.client_secret,
    provider.client_secret_file,
    `oidc_providers.${id}.client_secret_file`,
  );
  const metadata: Partial<oidc.ClientMetadata> = secret ? { client_secret: secret } : {};
  let config: oidc.Configuration;
  if (provider.endpoint) {
    const e = provider.endpoint;
    const server: oidc.ServerMetadata = {
      issuer: e.issuer,
      authorization_endpoint: e.auth,
      token_endpoint: e.token,
      jwks_uri: e.jwks,
      ...(e.userinfo ? { userinfo_endpoint: e.userinfo } : {}),
      ...(e.algorithms?.length ? { id_token_signing_alg_values_supported: e.algorithms } : {}),
    };
    config = new oidc.Configuration(server, clientId, metadata, clientAuth(server, secret));
    if (Object.values(e).some((u) => typeof u === 'string' && insecure(u))) oidc.allowInsecureRequests(config);
  } else {
    const url = provider.provider_url as string;
    try {
      config = await oidc.discovery(new URL(url), clientId, metadata, undefined, {
        timeout: TIMEOUT_SECONDS,
        ...(insecure(url) ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
    } catch (err) {
      throw new OidcProviderError(`provider ${id}: discovery at ${url} failed (${reason(err)})`);
    }
    const auth = clientAuth(config.serverMetadata(), secret);
    config = new oidc.Configuration(config.serverMetadata(), clientId, metadata, auth);
    if (insecure(url)) oidc.allowInsecureRequests(config);
  }
  config.timeout = TIMEOUT_SECONDS;
  return config;
}

/** client_secret_basic (the standard's default) unless the provider only takes the secret in the body. */
function clientAuth(server: oidc.ServerMetadata, secret: string): oidc.ClientAuth {
  if (!secret) return oidc.None();
  const methods = server.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    return oidc.ClientSecretPost(secret);
  }
  return oidc.ClientSecretBasic(secret);
}

/** The provider's configuration, discovered once (a failed discovery is tried again next time). */
function configurationOf(id: string, provider: OidcProvider): Promise<oidc.Configuration> {
  const key = `${id}\n${JSON.stringify(provider)}`;
  let found = discovered.get(key);
  if (!found) {
    found = configure(id, provider);
    discovered.set(key, found);
    found.catch(() => discovered.delete(key));
  }
  return found;
}

export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** Where to send the browser: the provider's authorization endpoint, with PKCE, state and nonce. */
export async function beginSignIn(id: string, provider: OidcProvider, redirectUri: string): Promise<SignInStart> {
  const config = await configurationOf(id, provider);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.scopes.join(' '),
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, verifier };
}

export interface SignInChecks {
  state: string;
  nonce: string;
  verifier: string;
}

/**
 * The claims of the user the provider sent back: `query` is the callback's query string. The ID
 * token's claims, with the userinfo endpoint's on top when the provider has one.
 */
export async function finishSignIn(
  id: string,
  provider: OidcProvider,
  redirectUri: string,
  query: URLSearchParams,
  checks: SignInChecks,
): Promise<Claims> {
  const config = await configurationOf(id, provider);
  const callback = new URL(redirectUri);
  callback.search = query.toString();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(
      config,
      callback,
      // the redirect_uri sent to the token endpoint is this URL without its query: the one the sign-in began with
      {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.verifier,
        idTokenExpected: true,
      },
    );
  } catch (err) {
    throw callbackError(id, err);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new OidcProviderError(`provider ${id} sent no ID token`);
  let claims: Claims = { ...idClaims };
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...claims, ...info, sub: idClaims.sub };
    } catch (err) {
      throw new OidcProviderError(`provider ${id}: the userinfo endpoint failed (${reason(err)})`);
    }
  }
  return claims;
}

/** A failed callback: the user's (or an attacker's) doing is a 4xx, the provider's a 502. */
function callbackError(id: string, err: unknown): AppError {
  if (err instanceof oidc.AuthorizationResponseError) {
    const text = err.error_description ? `${err.error}: ${err.error_description}` : err.error;
    return new ForbiddenError(`provider ${id} refused the sign-in (${text.slice(0, 300)})`);
  }
  if (err instanceof oidc.ResponseBodyError) {
    return new BadRequestError(`provider ${id} refused the code (${err.error}); start the sign-in again`);
  }
  const code = (err as { code?: string })?.code;
  if (code === 'OAUTH_INVALID_RESPONSE' || code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    // state, nonce, issuer or audience did not match what this sign-in started with
    return new BadRequestError(`the answer of provider ${id} does not belong to this sign-in (${reason(err)})`);
  }
  return new OidcProviderError(`provider ${id}: the code exchange failed (${reason(err)})`);
}

/** An error's message without anything the provider echoed back at length. */
function reason(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause && typeof e.cause === 'object' && 'code' in e.cause ? ` ${e.cause.code}` : '';
  return `${String(e?.message ?? err).slice(0, 200)}${cause}`;
}
