// The OpenID provider process for tests (oidc-provider.mjs), and a browser-less browser that signs in
// through it: real HTTP redirects followed by their Location headers, cookies kept per origin, the
// provider's login and consent forms posted as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports.ts';

export type Accounts = Record<string, Record<string, unknown>>;

export interface OidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface OidcPeer {
  issuer: string;
  port: number;
  /** Replaces every account's claims (read by the provider at each sign-in). */
  setAccounts(accounts: Accounts): void;
  /** What the provider process printed (to check that no secret went there is not its job: ours is the server's). */
  output(): string;
  stop(): Promise<void>;
}

export async function startOidcPeer(
  clients: OidcClient[],
  accounts: Accounts,
  options: { port?: number; noUserinfo?: boolean } = {},
): Promise<OidcPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-peer-'));
  const accountsFile = join(dir, 'accounts.json');
  const setAccounts = (a: Accounts) => writeFileSync(accountsFile, JSON.stringify(a));
  setAccounts(accounts);
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ clients, accountsFile, noUserinfo: options.noUserinfo ?? false }));
  const port = options.port ?? (await freePort());
  const script = resolve(import.meta.dirname, 'oidc-provider.mjs');
  const child: ChildProcess = spawn(process.execPath, [script, String(port), settingsFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the OpenID provider did not start: ${out}`)), 30_000);
    child.stdout?.on('data', () => {
      if (out.includes('listening ')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the OpenID provider exited (${code}): ${out}`));
    });
  });
  return {
    issuer: `http://127.0.0.1:${port}`,
    port,
    setAccounts,
    output: () => out,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export interface Hop {
  status: number;
  url: string;
  location?: string;
  body: string;
}

/** A browser without a screen: cookies per origin, redirects followed one by one. */
export class Browser {
  private jar = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }
  setCookie(origin: string, name: string, value: string): void {
    if (!this.jar.has(origin)) this.jar.set(origin, new Map());
    this.jar.get(origin)?.set(name, value);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    const origin = new URL(url).origin;
    const headers: Record<string, string> = {};
    const cookies = this.jar.get(origin);
    if (cookies?.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.jar.get(origin)?.delete(name);
      else this.setCookie(origin, name, value);
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location && new URL(location, url).href, body: await res.text() };
  }

  /** Follows redirects from `url` while `keepGoing(hop)` says so; answers every hop. */
  async follow(url: string, keepGoing: (hop: Hop) => boolean = () => true, limit = 20): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next: string | undefined = url;
    while (next && hops.length < limit) {
      const hop = await this.request(next);
      hops.push(hop);
      next = hop.status >= 300 && hop.status < 400 && keepGoing(hop) ? hop.location : undefined;
    }
    return hops;
  }

  /**
   * At the provider (from its authorization URL): posts the login form as `account`, then the
   * consent form, and stops at the first redirect that leaves the provider, which it answers
   * without following (the callback to our server, with code and state).
   */
  async signInAtProvider(authorizationUrl: string, account: string): Promise<string> {
    const provider = new URL(authorizationUrl).origin;
    const leaves = (hop: Hop) => Boolean(hop.location && new URL(hop.location).origin === provider);
    let hops = await this.follow(authorizationUrl, leaves);
    for (let step = 0; step < 4; step++) {
      const last = hops[hops.length - 1];
      if (last.location && new URL(last.location).origin !== provider) return last.location;
      const action = /action="([^"]+)"/.exec(last.body)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(last.body)?.[1];
      if (!action || !prompt) throw new Error(`no form at the provider (${last.status}): ${last.body.slice(0, 500)}`);
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt };
      const posted = await this.request(new URL(action.replace(/&amp;/g, '&'), last.url).href, { form });
      hops = posted.location ? [posted, ...(await this.follow(posted.location, leaves))] : [posted];
      if (posted.location && new URL(posted.location).origin !== provider) return posted.location;
    }
    throw new Error('the provider did not send the browser back');
  }
}
