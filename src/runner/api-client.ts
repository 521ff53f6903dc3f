// How a remote runner talks to the Signalman API: its token in `X-Runner-Token`, JSON both ways,
// and a few retries for a server that is restarting.

export class RunnerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class RunnerApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/api${path}`, {
          method,
          headers: {
            'x-runner-token': this.token,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        lastError = err; // the server may be restarting
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      const text = await res.text();
      if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
      const message = (() => {
        try {
          return (JSON.parse(text) as { error?: string }).error ?? text;
        } catch {
          return text;
        }
      })();
      if (res.status >= 500) {
        lastError = new RunnerApiError(res.status, message);
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      throw new RunnerApiError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }
}
