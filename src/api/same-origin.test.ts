// Which origins count as this server's (src/api/same-origin.ts), without a server: the request's
// Host with its scheme or https, the web host's origin, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { foreignOriginProblem, isOwnOrigin, trustProxySetting } from './same-origin.ts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

test('own origins: the Host with the request scheme or https, in any case, and the web host', () => {
  const req = request({ host: 'Signalman.Example:3000' });
  assert.ok(isOwnOrigin('http://signalman.example:3000', req, false, ''));
  assert.ok(isOwnOrigin('https://signalman.example:3000', req, false, ''), 'a TLS proxy in front');
  assert.ok(
    !isOwnOrigin('http://signalman.example:3000', req, true, ''),
    'never http for a request that came over TLS',
  );
  assert.ok(!isOwnOrigin('http://signalman.example:3001', req, false, ''), 'another port is another origin');
  assert.ok(!isOwnOrigin('http://signalman.example.evil.test:3000', req, false, ''));
  assert.ok(!isOwnOrigin('null', req, false, ''));
  assert.ok(
    isOwnOrigin('https://ui.example', req, false, 'https://ui.example/semaphore/'),
    "the web host's origin, whatever its path",
  );
  assert.ok(!isOwnOrigin('http://ui.example', req, false, 'https://ui.example'));
  assert.ok(
    isOwnOrigin('https://ui.example', request({}), false, 'https://UI.example:443'),
    'default ports and case do not matter',
  );
  assert.ok(!isOwnOrigin('http://anything', request({}), false, ''), 'no Host: only the web host is own');
});

test('what is checked: Origin first, else Referer; neither, or a bearer token, passes', () => {
  const host = { host: 'sig.test' };
  assert.equal(foreignOriginProblem(request(host), false, ''), null, 'curl sends neither');
  assert.equal(foreignOriginProblem(request({ ...host, origin: 'http://sig.test' }), false, ''), null);
  assert.match(
    foreignOriginProblem(request({ ...host, origin: 'https://evil.example' }), false, '') ?? '',
    /https:\/\/evil\.example/,
  );
  assert.match(
    foreignOriginProblem(request({ ...host, referer: 'https://evil.example/a?b' }), false, '') ?? '',
    /evil\.example/,
  );
  assert.equal(foreignOriginProblem(request({ ...host, referer: 'http://sig.test/api/docs' }), false, ''), null);
  assert.match(foreignOriginProblem(request({ ...host, referer: 'not a url' }), false, '') ?? '', /opaque origin/);
  assert.match(
    foreignOriginProblem(
      request({ ...host, origin: 'https://evil.example', referer: 'http://sig.test/' }),
      false,
      '',
    ) ?? '',
    /evil/,
    'Origin wins over Referer',
  );
  assert.equal(
    foreignOriginProblem(request({ ...host, origin: 'https://evil.example', authorization: 'Bearer x' }), false, ''),
    null,
  );
});

test("SIGNALMAN_TRUST_PROXY becomes Express's trust proxy", () => {
  assert.equal(trustProxySetting(undefined), false);
  assert.equal(trustProxySetting('false'), false);
  assert.equal(trustProxySetting('true'), true);
  assert.equal(trustProxySetting('2'), 2);
  assert.equal(trustProxySetting('loopback, 10.0.0.0/8'), 'loopback, 10.0.0.0/8');
});
