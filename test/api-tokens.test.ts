// API tokens at rest (finding 8 of issue 9): the database holds only a token's SHA-256 and its first
// characters, the listing shows only those characters, the whole token is answered once, tokens
// stored in plain text by an earlier version keep working after the upgrade, and an expired or
// deleted token is refused. On SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { ApiClient } from './support/api-client.ts';
import { newApiToken } from '../src/security/tokens.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface TokenRow {
  id: string;
  prefix: string;
  expired: boolean | number;
  user_id: number;
}

/** The rows as they are on disk, read past the application. */
const rawRows = (stack: InProcessStack) =>
  stack.db.$queryRawUnsafe<TokenRow[]>('SELECT id, prefix, expired, user_id FROM user__token');

for (const kind of DB_KINDS) {
  describe(`API tokens on ${kind}`, () => {
    let stack: InProcessStack;
    before(async () => (stack = await startInProcess(kind)));
    after(async () => stack?.close());

    test('the creation answer has the whole token once; the listing and the database hold no usable token', async () => {
      const created = await stack.admin.post('/api/user/tokens');
      assert.equal(created.status, 201, created.text);
      const token = created.body.id as string;
      assert.equal(token.length, 44);
      assert.equal((await stack.anonymous.withToken(token).get('/api/user')).body.username, 'admin');

      const list = await stack.admin.get('/api/user/tokens');
      assert.equal(list.status, 200);
      assert.ok(!list.text.includes(token), 'the listing does not hold the token');
      const listed = list.body.find((t: { id: string }) => t.id === token.slice(0, 8));
      assert.ok(listed, `the listing shows the token's first 8 characters: ${list.text}`);
      assert.equal(listed.expired, false);

      const rows = await rawRows(stack);
      const row = rows.find((r) => r.prefix === token.slice(0, 8));
      assert.ok(row);
      assert.equal(row.id, sha256(token));
      assert.ok(!JSON.stringify(rows).includes(token.slice(8)), 'no row holds the rest of the token');
      // What a reader of the database has: neither the digest nor the prefix authenticates.
      for (const stolen of [row.id, row.prefix])
        assert.equal((await stack.anonymous.withToken(stolen).get('/api/user')).status, 401, stolen);
    });

    test('DELETE takes the prefix the listing shows or the whole token; afterwards the token is refused', async () => {
      for (const by of ['prefix', 'token'] as const) {
        const token = (await stack.admin.post('/api/user/tokens')).body.id as string;
        const viaToken = stack.anonymous.withToken(token);
        assert.equal((await viaToken.get('/api/user')).status, 200);
        const id = by === 'prefix' ? token.slice(0, 8) : token;
        assert.equal((await stack.admin.delete(`/api/user/tokens/${id}`)).status, 204, by);
        assert.equal((await viaToken.get('/api/user')).status, 401, `a token expired by its ${by} is refused`);
        const listed = (await stack.admin.get('/api/user/tokens')).body.find(
          (t: { id: string }) => t.id === token.slice(0, 8),
        );
        assert.equal(listed.expired, true);
      }
    });

    test("another user's token cannot be deleted by its prefix or whole token (404, it keeps working)", async () => {
      const res = await stack.admin.post('/api/users', {
        username: `tok-${kind}`,
        name: 'T',
        email: `tok-${kind}@example.test`,
        password: 'token-user-password',
      });
      assert.equal(res.status, 201, res.text);
      const other = new ApiClient(stack.base);
      await other.login(`tok-${kind}`, 'token-user-password');
      const token = (await other.post('/api/user/tokens')).body.id as string;
      for (const id of [token.slice(0, 8), token]) {
        const del = await stack.admin.delete(`/api/user/tokens/${id}`);
        assert.equal(del.status, 404, del.text);
        assert.match(del.body.error, /^token_id: /);
      }
      assert.equal((await stack.anonymous.withToken(token).get('/api/user')).body.username, `tok-${kind}`);
    });

    test('a token stored in plain text before the upgrade still authenticates after a restart, and is then stored hashed', async () => {
      const plain = newApiToken();
      const expiredPlain = newApiToken();
      const adminId = (await stack.admin.get('/api/user')).body.id as number;
      // As Signalman 0.1.0 (and Semaphore) wrote them: the token itself is the id (the prefix column is new).
      for (const [token, expired] of [
        [plain, false],
        [expiredPlain, true],
      ] as const) {
        await stack.db.$executeRawUnsafe(
          `INSERT INTO user__token (id, created, expired, user_id) VALUES ('${token}', CURRENT_TIMESTAMP, ${expired}, ${adminId})`,
        );
      }
      const url = stack.config.databaseUrl;
      await stack.close();
      for (let start = 0; start < 2; start++) {
        // A restart on the same database; the second shows the conversion is done once.
        stack = await startInProcess(kind, { DATABASE_URL: url });
        assert.equal((await stack.anonymous.withToken(plain).get('/api/user')).body.username, 'admin');
        assert.equal(
          (await stack.anonymous.withToken(expiredPlain).get('/api/user')).status,
          401,
          'an expired token stays expired',
        );
        const rows = await rawRows(stack);
        assert.ok(
          !JSON.stringify(rows).includes(plain) && !JSON.stringify(rows).includes(expiredPlain),
          'no plain token left',
        );
        assert.ok(rows.some((r) => r.id === sha256(plain) && r.prefix === plain.slice(0, 8)));
        const listed = (await stack.admin.get('/api/user/tokens')).body as Array<{ id: string }>;
        assert.ok(listed.some((t) => t.id === plain.slice(0, 8)));
        if (start === 0) await stack.close();
      }
      assert.equal(
        (await stack.admin.delete(`/api/user/tokens/${plain}`)).status,
        204,
        'the whole old token names it for DELETE',
      );
      assert.equal((await stack.anonymous.withToken(plain).get('/api/user')).status, 401);
    });
  });
}
