// A client of Semaphore's runner protocol written from its description (semaphore-behaviour.md
// §7), as any conforming runner would speak it: register, poll (decrypting an RSA-encrypted
// answer chunk by chunk), report progress, unregister. Independent of Signalman's own runner.
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';

export interface RunnerStateSeen {
  CurrentJobs: Array<{ id: number; status: string }> | null;
  new_jobs: Array<Record<string, any>> | null;
  access_keys: Record<string, any>;
}

export interface PollAnswer {
  status: number;
  contentType: string;
  /** Bytes as received (encrypted or JSON). */
  raw: Buffer;
  state?: RunnerStateSeen;
  error?: string;
}

/** A 2048-bit key pair, the public key as Semaphore's runner sends it: a "PUBLIC KEY" block of PKCS#1 bytes. */
export function semaphoreStyleKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return { privateKey, publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n` };
}

export class ProtocolClient {
  token = '';
  private privateKey?: ReturnType<typeof semaphoreStyleKeyPair>['privateKey'];

  constructor(readonly base: string) {}

  async register(body: Record<string, unknown>) {
    const res = await fetch(`${this.base}/api/internal/runners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { token?: string; error?: string };
    if (res.status === 200 && json.token) this.token = json.token;
    return { status: res.status, body: json };
  }

  /** Registers with a fresh 2048-bit key: the polls then come encrypted. */
  async registerWithKey(body: Record<string, unknown>) {
    const pair = semaphoreStyleKeyPair();
    this.privateKey = pair.privateKey;
    return this.register({ ...body, public_key: pair.publicKeyPem });
  }

  private headers(token = this.token): Record<string, string> {
    return token ? { 'x-runner-token': token } : {};
  }

  async poll(token = this.token): Promise<PollAnswer> {
    const res = await fetch(`${this.base}/api/internal/runners`, { headers: this.headers(token) });
    const raw = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200) return { status: res.status, contentType, raw, error: JSON.parse(raw.toString()).error };
    let text = raw;
    if (contentType.startsWith('application/octet-stream')) {
      if (!this.privateKey) throw new Error('an encrypted answer, but no key was registered');
      // PKCS#1 v1.5 per 256-byte chunk. Node refuses that padding for decryption (CVE-2023-46809),
      // so each chunk is decrypted raw and the padding checked and taken off here.
      const parts: Buffer[] = [];
      for (let at = 0; at < raw.length; at += 256) {
        const em = privateDecrypt(
          { key: this.privateKey, padding: constants.RSA_NO_PADDING },
          raw.subarray(at, at + 256),
        );
        const zero = em.indexOf(0, 2);
        if (em[0] !== 0 || em[1] !== 2 || zero < 10) throw new Error(`chunk ${at / 256} is not PKCS#1 v1.5`);
        parts.push(em.subarray(zero + 1));
      }
      text = Buffer.concat(parts);
    }
    return { status: 200, contentType, raw, state: JSON.parse(text.toString()) };
  }

  async progress(body: unknown, token = this.token) {
    const res = await fetch(`${this.base}/api/internal/runners`, {
      method: 'PUT',
      headers: { ...this.headers(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  async unregister(token = this.token) {
    const res = await fetch(`${this.base}/api/internal/runners`, { method: 'DELETE', headers: this.headers(token) });
    return { status: res.status, text: await res.text() };
  }

  /** Polls every `ms` in the background, as a live runner does, until the returned function is called. */
  keepPolling(ms = 500): () => void {
    let on = true;
    const loop = async () => {
      while (on) {
        await this.poll().catch(() => {});
        await new Promise((r) => setTimeout(r, ms));
      }
    };
    void loop();
    return () => {
      on = false;
    };
  }
}
