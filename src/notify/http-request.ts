// One HTTP POST of an alert, and how its answer is judged. The URL may carry a token (a webhook's
// path, Telegram's bot path, Gotify's query): it is never put into an error, a log line or an
// event; failures say only the channel, the response code or the kind of network error.

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const jsonRequest = (url: string, payload: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  url,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(payload),
});

/** How a delivery ended: `code` is the HTTP (or SMTP) response code, 0 when there was no answer. */
export type Delivery = { ok: true; code: number } | { ok: false; code: number; final: boolean; reason: string };

/** A 4xx other than 408 (timeout) and 429 (too many requests) will not change on a retry. */
export function isFinalRefusal(code: number): boolean {
  return code >= 400 && code < 500 && code !== 408 && code !== 429;
}

const TIMEOUT_MS = 15_000;

export async function post(request: HttpRequest): Promise<Delivery> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, code: 0, final: false, reason: `no answer (${networkErrorKind(err)})` };
  }
  await response.body?.cancel().catch(() => {});
  const code = response.status;
  if (code >= 200 && code < 300) return { ok: true, code };
  return { ok: false, code, final: isFinalRefusal(code), reason: `Response code: ${code}` };
}

/** ECONNREFUSED, ENOTFOUND, TimeoutError …: the kind only, never the message (it may quote the URL). */
function networkErrorKind(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  if (err instanceof Error && /^[A-Za-z]+Error$/.test(err.name)) return err.name;
  return 'network error';
}
