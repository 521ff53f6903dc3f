// Two-factor sign-in with TOTP, on SQLite and PostgreSQL, through the real Express app and its
// WebSocket, with a clock the test moves (codes are computed here from the enrolled secret): a
// login of an enrolled user opens nothing but /api/auth/verify and /recovery until a right code
// comes; wrong codes are throttled; a code is accepted once; the recovery code works once; nobody
// else enrols, reads the QR code of or removes someone's authenticator; the secret is s.shown once
// and is nowhere else (answers, database, logs); with TOTP off nothing is gated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from './support/api-client.ts';
import { DB_KINDS } from './support/env.ts';
import { PER_USER, STEP_MS, TotpServers } from './support/totp-servers.ts';

for (const kind of DB_KINDS) {
  describe(`TOTP two-factor sign-in on ${kind}`, () => {
    const s = new TotpServers();
    before(() => s.start(kind, ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']));
    after(() => s.close());

    test('/api/info and the login options offer TOTP, with recovery where it is allowed', async () => {
      const { on, off, noRecovery, admin } = s;
      assert.deepEqual((await admin.get('/api/info')).body.auth_methods, { totp: { allow_recovery: true } });
      const options = await fetch(`${on}/api/auth/login`).then((r) => r.json());
      assert.deepEqual(options.auth_methods, { totp: { allow_recovery: true } });
      const other = await fetch(`${noRecovery}/api/auth/login`).then((r) => r.json());
      assert.deepEqual(other.auth_methods, { totp: { allow_recovery: false } });
      assert.deepEqual((await fetch(`${off}/api/auth/login`).then((r) => r.json())).auth_methods, {});
    });

    test('enrolment shows the secret once; the QR code is a PNG for its user; the secret is nowhere else', async () => {
      const { on, admin, users, db } = s;
      const { api, cookie, id, secret, recovery, body } = await s.enrol('alice');
      assert.match(body.url, /^otpauth:\/\/totp\/Signalman:alice%40example\.test\?/);
      assert.match(recovery ?? '', /^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
      assert.equal((await api.post(`/api/users/${users.alice}/2fas/totp`)).status, 400, 'one authenticator per user');

      const qr = await fetch(`${on}/api/users/${users.alice}/2fas/totp/${id}/qr`, { headers: { cookie } });
      assert.equal(qr.status, 200);
      assert.equal(qr.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await qr.arrayBuffer());
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.equal(png.subarray(12, 16).toString(), 'IHDR');
      assert.ok(png.readUInt32BE(16) >= 100, 'a QR code an app can scan, not a speck');
      assert.equal((await api.get(`/api/users/${users.alice}/2fas/totp/${id + 1000}/qr`)).status, 404);

      const me = await api.get('/api/user');
      assert.deepEqual(Object.keys(me.body.totp).sort(), ['created', 'id', 'user_id']);
      assert.equal(me.body.totp.id, id);
      assert.equal((await admin.get(`/api/users/${users.alice}`)).body.totp.id, id);
      const answers = [
        me.text,
        (await admin.get(`/api/users/${users.alice}`)).text,
        (await admin.get('/api/users')).text,
        (await admin.get('/api/events')).text,
        (await admin.get('/api/events/last')).text,
      ];
      for (const text of answers) {
        assert.ok(!text.includes(secret), 'no answer after enrolment holds the secret');
        assert.ok(!text.includes(recovery ?? '-'), 'nor the recovery code');
      }
      const rows: Array<{ url: string; recovery_hash: string }> = await db.$queryRawUnsafe(
        `SELECT url, recovery_hash FROM user__totp WHERE user_id = ${users.alice}`,
      );
      assert.equal(rows.length, 1);
      const stored = `${rows[0].url} ${Buffer.from(rows[0].url, 'base64').toString('latin1')} ${rows[0].recovery_hash}`;
      assert.ok(!stored.includes(secret), 'the secret is sealed at rest');
      assert.ok(!stored.includes(recovery ?? '-') && !stored.includes((recovery ?? '-').replaceAll('-', '')));
    });

    test('a login opens nothing until a right code: not /api/user, not projects, not the live socket', async () => {
      const { on, users } = s;
      const { secret } = await s.enrol('bob');
      const { api, cookie } = await s.login('bob');
      for (const path of ['/api/user', '/api/projects', '/api/info', `/api/users/${users.bob}`, '/api/user/tokens']) {
        const res = await api.get(path);
        assert.equal(res.status, 401, path);
        assert.equal(res.body.error, 'TOTP_REQUIRED', path);
      }
      assert.equal((await api.post('/api/user/tokens')).status, 401, 'no API token from an unverified session');
      assert.equal((await api.post('/api/projects', { name: 'x' })).status, 401);
      assert.equal(await s.socketStatus(on, cookie), 401);

      const wrong = await api.post('/api/auth/verify', { passcode: await s.code(secret, s.clock + 10 * STEP_MS) });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error, 'INVALID_PASSCODE');
      assert.equal((await api.post('/api/auth/verify', {})).status, 400);
      assert.equal((await api.get('/api/user')).status, 401, 'still unverified');

      assert.equal((await api.post('/api/auth/verify', { passcode: await s.code(secret) })).status, 204);
      const me = await api.get('/api/user');
      assert.equal(me.status, 200);
      assert.equal(me.body.username, 'bob');
      assert.equal((await api.get('/api/projects')).status, 200);
      assert.equal(await s.socketStatus(on, cookie), 101);
      assert.equal(
        (await api.post('/api/auth/verify', { passcode: await s.code(secret) })).status,
        401,
        'nothing left to verify',
      );

      // An API token made by the verified session works on its own, without a code.
      const token = await api.post('/api/user/tokens');
      assert.equal(token.status, 201);
      assert.equal((await new ApiClient(on).withToken(token.body.id).get('/api/user')).status, 200);
      // Logout ends the session, as any other.
      assert.equal((await api.post('/api/auth/logout')).status, 204);
    });

    test('a code is accepted once: the same code on another login is refused, the next one works', async () => {
      const { secret } = await s.enrol('carol');
      s.clock += STEP_MS;
      const first = await s.login('carol');
      const used = await s.code(secret);
      assert.equal((await first.api.post('/api/auth/verify', { passcode: used })).status, 204);
      const second = await s.login('carol');
      const replay = await second.api.post('/api/auth/verify', { passcode: used });
      assert.equal(replay.status, 401, 'a replayed code is refused');
      assert.equal(replay.body.error, 'INVALID_PASSCODE');
      const older = await second.api.post('/api/auth/verify', { passcode: await s.code(secret, s.clock - STEP_MS) });
      assert.equal(
        older.status,
        401,
        "the previous step's code, though within the drift allowance, is older than one used",
      );
      s.clock += STEP_MS;
      assert.equal((await second.api.post('/api/auth/verify', { passcode: await s.code(secret) })).status, 204);
      assert.equal((await second.api.get('/api/user')).status, 200);
      // Two logins racing with one new code: one of them gets in.
      s.clock += STEP_MS;
      const racers = [await s.login('carol'), await s.login('carol'), await s.login('carol')];
      const fresh = await s.code(secret);
      const answers = await Promise.all(racers.map((r) => r.api.post('/api/auth/verify', { passcode: fresh })));
      assert.deepEqual(answers.map((a) => a.status).sort(), [204, 401, 401]);
    });

    test('wrong codes are throttled like wrong passwords, and a right password does not reset the count', async () => {
      const { secret } = await s.enrol('dave');
      let session = await s.login('dave');
      for (let i = 0; i < PER_USER; i++) {
        const res = await session.api.post('/api/auth/verify', { passcode: String(100000 + i) });
        assert.equal(res.status, 401, `wrong code ${i + 1}`);
      }
      const refused = await session.api.post('/api/auth/verify', { passcode: await s.code(secret) });
      assert.equal(refused.status, 429, 'the right code too, once the limit is reached');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      session = await s.login('dave'); // the password is right: the codes' count stays
      assert.equal((await session.api.post('/api/auth/verify', { passcode: await s.code(secret) })).status, 429);
      assert.equal((await session.api.post('/api/auth/recovery', { recovery_code: 'AAAA' })).status, 429);
      assert.equal((await session.api.get('/api/user')).status, 401);
      s.clock += 16 * 60_000; // past the window
      assert.equal((await session.api.post('/api/auth/verify', { passcode: await s.code(secret) })).status, 204);
      assert.equal((await session.api.get('/api/user')).status, 200);
    });

    test('the recovery code verifies a login once and removes the authenticator', async () => {
      const { recovery, secret } = await s.enrol('erin');
      assert.ok(recovery);
      const { api } = await s.login('erin');
      const wrong = await api.post('/api/auth/recovery', { recovery_code: 'ABCD-EFGH-JKLM-NPQR-STUV' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error, 'INVALID_RECOVERY_CODE');
      // Case, spaces and dashes do not matter.
      const typed = ` ${recovery.toLowerCase().replaceAll('-', ' ')} `;
      assert.equal((await api.post('/api/auth/recovery', { recovery_code: typed })).status, 204);
      const me = await api.get('/api/user');
      assert.equal(me.status, 200);
      assert.equal(me.body.totp, undefined, 'the authenticator is gone');
      // The next login needs no code; the old recovery code and secret belong to nothing now.
      const next = await s.login('erin');
      assert.equal((await next.api.get('/api/user')).status, 200);
      const again = await s.enrol('erin');
      const pending = await s.login('erin');
      assert.equal((await pending.api.post('/api/auth/recovery', { recovery_code: recovery })).status, 401);
      assert.equal((await pending.api.post('/api/auth/verify', { passcode: await s.code(secret) })).status, 401);
      assert.equal((await pending.api.post('/api/auth/verify', { passcode: await s.code(again.secret) })).status, 204);
    });

    test('nobody else enrols, reads the QR code of or removes an authenticator; an administrator may remove it', async () => {
      const { on, admin, users } = s;
      const { id } = await s.enrol('frank');
      await s.addUser('hank');
      const other = (await s.login('hank')).api; // a signed-in user without TOTP
      assert.equal((await other.get('/api/user')).status, 200);
      const frankPath = `/api/users/${users.frank}/2fas/totp`;
      for (const api of [new ApiClient(on), other]) {
        assert.equal((await api.post(frankPath)).status, 401);
        assert.equal((await api.get(`${frankPath}/${id}/qr`)).status, 401);
        assert.equal((await api.delete(`${frankPath}/${id}`)).status, 401);
      }
      const adminQr = await admin.get(`${frankPath}/${id}/qr`);
      assert.equal(adminQr.status, 403, "an administrator does not get another user's secret");
      const adminEnrol = await admin.post(`/api/users/${users.alice}/2fas/totp`);
      assert.equal(adminEnrol.status, 403);
      const frank = await s.login('frank');
      assert.equal((await frank.api.delete(`${frankPath}/${id}`)).status, 401, 'not from an unverified session');
      assert.equal((await admin.delete(`${frankPath}/${id + 1000}`)).status, 404);
      assert.equal((await admin.delete(`${frankPath}/${id}`)).status, 204);
      assert.equal((await frank.api.post('/api/auth/verify', { passcode: '123456' })).status, 400, 'its TOTP is gone');
      assert.equal((await (await s.login('frank')).api.get('/api/user')).status, 200, 'logins need no code now');
    });

    test('without a session awaiting a code, verify and recovery answer 401', async () => {
      const { on, admin } = s;
      assert.equal((await new ApiClient(on).post('/api/auth/verify', { passcode: '123456' })).status, 401);
      assert.equal((await admin.post('/api/auth/verify', { passcode: '123456' })).status, 401);
      assert.equal((await admin.post('/api/auth/recovery', { recovery_code: 'x' })).status, 401);
      const token = (await admin.post('/api/user/tokens')).body.id;
      const viaToken = new ApiClient(on).withToken(token);
      assert.equal((await viaToken.post('/api/auth/verify', { passcode: '123456' })).status, 401);
    });

    test('with TOTP off nothing is gated and nobody enrols; where recovery is off no code is given', async () => {
      const { on, off, noRecovery, users } = s;
      const { api } = await s.login('alice', off); // alice has an authenticator
      assert.equal((await api.get('/api/user')).status, 200, 'the login is not gated');
      const res = await api.post(`/api/users/${users.alice}/2fas/totp`);
      assert.equal(res.status, 403);
      assert.equal(res.body.error, 'TOTP_DISABLED');
      assert.deepEqual((await api.get('/api/info')).body.auth_methods, {});
      // A session left waiting by the server that had TOTP on cannot be verified here.
      const pending = await s.login('alice', on);
      const stranded = await new ApiClient(off).request(
        'POST',
        '/api/auth/verify',
        { passcode: '123456' },
        { cookie: pending.cookie },
      );
      assert.equal(stranded.status, 403);
      assert.equal(stranded.body.error, 'TOTP_DISABLED');

      const dave = await s.login('dave', noRecovery);
      assert.equal((await dave.api.get('/api/user')).status, 401, 'gated on the server with the mfa block too');
      const recovery = await dave.api.post('/api/auth/recovery', { recovery_code: 'ABCD' });
      assert.equal(recovery.status, 403);
      assert.equal(recovery.body.error, 'TOTP_DISABLED');
      await s.addUser('gina');
      const gina = await s.enrol('gina', noRecovery);
      assert.equal(gina.recovery, undefined);
      assert.match(gina.body.url, /^otpauth:\/\/totp\/Ops%20Signalman:/);
    });

    test('no secret reached the logs', () => {
      const printed = s.output.join('');
      assert.ok(s.shown.length >= 8);
      for (const secret of s.shown) assert.ok(!printed.includes(secret), 'no secret or recovery code was printed');
      assert.ok(!/secret=[A-Z2-7]{16}/.test(printed), 'no otpauth URL was printed');
    });
  });
}
