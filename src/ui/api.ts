/// <reference lib="dom" />
/**
 * The UI's client of the JSON API. Paths are relative, so the UI also works behind a proxy that
 * serves it under a prefix. When the API answers 401 (or 403 to a wrong token), the UI asks for
 * the token once, keeps it for the browser session and repeats the request.
 */

const TOKEN_KEY = 'stampede.webAuthToken';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Asks the person for the token; `wrong` when the last one was refused. */
export type AskToken = (wrong: boolean) => Promise<string>;

export class Api {
  #ask: AskToken;
  #token: string | null;
  #asking: Promise<string> | null = null;

  constructor(ask: AskToken) {
    this.#ask = ask;
    this.#token = sessionStorage.getItem(TOKEN_KEY);
  }

  async get<T>(path: string): Promise<T> {
    return (await this.#send('GET', path)).json() as Promise<T>;
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return (await this.#send('POST', path, body)).json() as Promise<T>;
  }

  /** A GET answer as it is (report downloads), fetched with the token when there is one. */
  response(path: string): Promise<Response> {
    return this.#send('GET', path);
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#token !== null) headers.authorization = `Bearer ${this.#token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(path, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (res.ok) return res;
      const message = await errorMessage(res);
      const tokenProblem = res.status === 401 || (res.status === 403 && /token/i.test(message));
      if (!tokenProblem || attempt === 3) throw new ApiError(res.status, message);
      await this.#newToken(res.status === 403);
    }
    throw new ApiError(0, 'unreachable');
  }

  async #newToken(wrong: boolean): Promise<void> {
    this.#asking ??= this.#ask(wrong).finally(() => {
      this.#asking = null;
    });
    const token = await this.#asking;
    this.#token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
  }
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status} ${res.statusText}`;
  }
}
