import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { sameText, webhookAuthProblem, type WebhookAuth } from './webhook-auth.ts';

const body = Buffer.from('{"ref":"refs/heads/main"}');
const secret = "It's a Secret to Everybody";
const hex = (key: string, data: Buffer) => createHmac('sha256', key).update(data).digest('hex');

/** GitHub's documented example: this secret and "Hello, World!" give this signature. */
test("the github method accepts the signature from GitHub's documentation", () => {
  const headers = { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };
  const auth: WebhookAuth = { method: 'github', header: null, secret };
  assert.equal(
    webhookAuthProblem(auth, (n) => headers[n.toLowerCase() as keyof typeof headers], Buffer.from('Hello, World!')),
    null,
  );
});

const cases: Array<[string, WebhookAuth, Record<string, string>, RegExp | null]> = [
  ['no auth method checks nothing', { method: '', header: null, secret: '' }, {}, null],
  ['"none" checks nothing', { method: 'none', header: null, secret: '' }, {}, null],
  [
    'github: the HMAC of the body',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': `sha256=${hex(secret, body)}` },
    null,
  ],
  [
    'github: upper-case hex is the same HMAC',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': `sha256=${hex(secret, body).toUpperCase()}` },
    null,
  ],
  [
    'github: another secret',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': `sha256=${hex('guess', body)}` },
    /does not match the body/,
  ],
  [
    'github: no sha256= prefix',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': hex(secret, body) },
    /does not match the body/,
  ],
  [
    'github: a truncated signature',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': `sha256=${hex(secret, body).slice(0, 63)}` },
    /does not match/,
  ],
  [
    'github: not hex',
    { method: 'github', header: null, secret },
    { 'x-hub-signature-256': `sha256=${'z'.repeat(64)}` },
    /does not match/,
  ],
  ['github: no header', { method: 'github', header: null, secret }, {}, /^no X-Hub-Signature-256 header$/],
  [
    'github: an empty secret proves nothing',
    { method: 'github', header: null, secret: '' },
    { 'x-hub-signature-256': `sha256=${hex('', body)}` },
    /needs a secret/,
  ],
  [
    'hmac: hex without prefix, in the named header',
    { method: 'hmac', header: 'X-Signature', secret },
    { 'x-signature': hex(secret, body) },
    null,
  ],
  [
    'hmac: with a sha256= prefix it is not the bare HMAC',
    { method: 'hmac', header: 'X-Signature', secret },
    { 'x-signature': `sha256=${hex(secret, body)}` },
    /is not the HMAC/,
  ],
  [
    'hmac: another header',
    { method: 'hmac', header: 'X-Signature', secret },
    { 'x-other': hex(secret, body) },
    /^no X-Signature header$/,
  ],
  ['hmac: no auth_header set', { method: 'hmac', header: null, secret }, {}, /needs auth_header/],
  ['token: the secret verbatim', { method: 'token', header: 'X-Token', secret }, { 'x-token': secret }, null],
  [
    'token: a prefix of the secret',
    { method: 'token', header: 'X-Token', secret },
    { 'x-token': secret.slice(0, 5) },
    /does not hold the token/,
  ],
  [
    'token: the secret and more',
    { method: 'token', header: 'X-Token', secret },
    { 'x-token': `${secret} ` },
    /does not hold the token/,
  ],
  [
    'token: an empty header',
    { method: 'token', header: 'X-Token', secret },
    { 'x-token': '' },
    /does not hold the token/,
  ],
  [
    'token: a secret outside ASCII, as the UTF-8 bytes Node reads as Latin-1',
    { method: 'token', header: 'X-Token', secret: 'Ωmega' },
    { 'x-token': Buffer.from('Ωmega').toString('latin1') },
    null,
  ],
  [
    'token: not the same bytes',
    { method: 'token', header: 'X-Token', secret: 'Ωmega' },
    { 'x-token': 'Ωmega' },
    /does not hold the token/,
  ],
  ['an unknown method refuses', { method: 'basic', header: null, secret }, {}, /unknown auth method/],
];

for (const [what, auth, headers, expected] of cases) {
  test(`webhook auth: ${what}`, () => {
    const problem = webhookAuthProblem(auth, (name) => headers[name.toLowerCase()], body);
    if (expected === null) assert.equal(problem, null);
    else {
      assert.match(problem ?? '', expected);
      if (auth.secret) assert.ok(!problem!.includes(auth.secret), 'the reason never holds the secret');
    }
  });
}

test('sameText compares whole texts of any length', () => {
  assert.equal(sameText('abc', 'abc'), true);
  assert.equal(sameText('abc', 'abcd'), false);
  assert.equal(sameText('', ''), true);
  assert.equal(sameText('é', 'e'), false);
});
