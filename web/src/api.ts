/** The HTTP API (JWT authorizer: the Cognito ID token as Bearer). Paths as in docs/protocol.md. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface LinkStatus {
  linked: boolean;
  telegramUserId?: string;
}

export interface Otp {
  code: string;
  expiresInSeconds: number;
}

export class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (forceRefresh: boolean) => Promise<string>,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    let response = await this.send(method, path, false);
    if (response.status === 401) {
      // The token may have been revoked or outlived by the clock; one retry with a fresh one.
      response = await this.send(method, path, true);
    }
    if (!response.ok) throw new ApiError(response.status, `${method} ${path} failed: HTTP ${response.status}`);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(response.status, `${method} ${path} did not answer JSON`);
    }
  }

  private async send(method: string, path: string, forceRefresh: boolean): Promise<Response> {
    const token = await this.token(forceRefresh);
    return this.fetchFn(`${this.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  }

  linkStatus(): Promise<LinkStatus> {
    return this.call('GET', '/link/status');
  }

  async generateOtp(): Promise<Otp> {
    const otp = await this.call<Partial<Otp>>('POST', '/link/generate-otp');
    if (typeof otp.code !== 'string') throw new ApiError(200, 'no code in the answer');
    return { code: otp.code, expiresInSeconds: typeof otp.expiresInSeconds === 'number' ? otp.expiresInSeconds : 300 };
  }

  unlink(): Promise<{ success: boolean }> {
    return this.call('POST', '/link/unlink');
  }
}
