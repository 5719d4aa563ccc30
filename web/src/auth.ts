import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import type { AppConfig } from './config';
import type { TextKey } from './i18n';

/** Refresh this long before the ID token expires, so no request ever carries a stale token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface Session {
  idToken: string;
  email: string;
  /** When the ID token expires (epoch ms). */
  expiresAt: number;
}

/** A sign-in failure, with the text key that explains it to the user. */
export class AuthError extends Error {
  constructor(readonly key: TextKey, readonly detail: string, readonly code?: string) {
    super(detail);
    this.name = 'AuthError';
  }
}

/** Cognito's error codes to the texts users see. */
export function authErrorKey(code: string | undefined, message = ''): TextKey {
  switch (code) {
    case 'NotAuthorizedException':
      if (/refresh token|expired|session/i.test(message) && !/incorrect/i.test(message)) return 'errSessionExpired';
      if (/attempts exceeded/i.test(message)) return 'errTooManyAttempts';
      return 'errWrongPassword';
    case 'UserNotFoundException':
      return 'errUserNotFound';
    case 'UserNotConfirmedException':
      return 'errUnconfirmed';
    case 'InvalidPasswordException':
      return 'errPasswordPolicy';
    case 'InvalidParameterException':
      return /password/i.test(message) ? 'errPasswordPolicy' : 'errUnknown';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'PasswordResetRequiredException':
      return 'errTooManyAttempts';
    case 'NetworkError':
      return 'errNetwork';
    default:
      return /network|failed to fetch/i.test(message) ? 'errNetwork' : 'errUnknown';
  }
}

function toAuthError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  const err = e as { code?: string; name?: string; message?: string };
  const code = err?.code ?? err?.name;
  const message = err?.message ?? String(e);
  return new AuthError(authErrorKey(code, message), message, code);
}

export type SignInResult =
  | { kind: 'signedIn'; session: Session }
  | { kind: 'newPasswordRequired'; complete(newPassword: string): Promise<Session> };

/** The address the user signed in with, shown in Settings after a reload (not a secret). */
const EMAIL_KEY = 'openclaw.email';

function toSession(s: CognitoUserSession, email: string): Session {
  const id = s.getIdToken();
  const claim = (id.decodePayload() as { email?: string }).email;
  const shown = email || (claim?.includes('@') ? claim : localStorage.getItem(EMAIL_KEY) ?? claim ?? '');
  return { idToken: id.getJwtToken(), email: shown, expiresAt: id.getExpiration() * 1000 };
}

/**
 * Cognito sign-in with SRP (the password never leaves the browser), session restore from local
 * storage, and refresh before expiry (a timer, and again whenever a token is asked for).
 */
export class Auth {
  private readonly pool: CognitoUserPool;
  private user: CognitoUser | null = null;
  private session: CognitoUserSession | null = null;
  private email = '';
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<Session> | null = null;
  /** The session ended on its own (refresh token expired or revoked). */
  onExpired: (error: AuthError) => void = () => {};

  constructor(config: AppConfig, private readonly now: () => number = Date.now) {
    this.pool = new CognitoUserPool({
      UserPoolId: config.cognitoUserPoolId,
      ClientId: config.cognitoClientId,
      endpoint: config.cognitoEndpoint,
    });
  }

  /**
   * The stored session, refreshed when its tokens have expired. `expired` when a stored session could
   * not be renewed (refresh token expired or revoked), so the login screen can say why.
   */
  restore(): Promise<{ session: Session } | { session: null; expired: boolean }> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve({ session: null, expired: false });
    return new Promise((resolve) => {
      user.getSession((err: Error | null, s: CognitoUserSession | null) => {
        if (err || !s || !s.isValid()) {
          user.signOut();
          resolve({ session: null, expired: true });
          return;
        }
        this.user = user;
        resolve({ session: this.accept(s, '') });
      });
    });
  }

  signIn(email: string, password: string): Promise<SignInResult> {
    const user = new CognitoUser({ Username: email.trim(), Pool: this.pool });
    const details = new AuthenticationDetails({ Username: email.trim(), Password: password });
    return new Promise((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: (s) => {
          this.user = user;
          resolve({ kind: 'signedIn', session: this.accept(s, email) });
        },
        onFailure: (e) => reject(toAuthError(e)),
        newPasswordRequired: () => {
          resolve({
            kind: 'newPasswordRequired',
            complete: (newPassword: string) => new Promise<Session>((done, fail) => {
              user.completeNewPasswordChallenge(newPassword, {}, {
                onSuccess: (s) => {
                  this.user = user;
                  done(this.accept(s, email));
                },
                onFailure: (e) => fail(toAuthError(e)),
              });
            }),
          });
        },
        mfaRequired: () => reject(new AuthError('errUnknown', 'This account needs MFA, which this app does not offer')),
        totpRequired: () => reject(new AuthError('errUnknown', 'This account needs MFA, which this app does not offer')),
      });
    });
  }

  private accept(s: CognitoUserSession, email: string): Session {
    this.session = s;
    const session = toSession(s, email || this.email);
    this.email = session.email;
    if (session.email) localStorage.setItem(EMAIL_KEY, session.email);
    this.scheduleRefresh(session.expiresAt);
    return session;
  }

  private scheduleRefresh(expiresAt: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const delay = Math.max(5_000, expiresAt - REFRESH_MARGIN_MS - this.now());
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch((e) => this.onExpired(toAuthError(e)));
    }, Math.min(delay, 2 ** 31 - 1));
  }

  /** Trades the refresh token for new ID and access tokens. */
  refresh(): Promise<Session> {
    if (this.refreshing) return this.refreshing;
    const user = this.user;
    const current = this.session;
    if (!user || !current) return Promise.reject(new AuthError('errSessionExpired', 'not signed in'));
    this.refreshing = new Promise<Session>((resolve, reject) => {
      user.refreshSession(current.getRefreshToken(), (err: unknown, s: CognitoUserSession | null) => {
        this.refreshing = null;
        if (err || !s) {
          const e = toAuthError(err ?? new Error('no session'));
          reject(e.code === 'NetworkError' || e.key === 'errNetwork' ? e : new AuthError('errSessionExpired', e.detail, e.code));
          return;
        }
        resolve(this.accept(s, this.email));
      });
    });
    return this.refreshing;
  }

  /** An ID token valid for at least the refresh margin (refreshing first when it is not). */
  async idToken(forceRefresh = false): Promise<string> {
    const s = this.current();
    if (!s) throw new AuthError('errSessionExpired', 'not signed in');
    if (forceRefresh || s.expiresAt - this.now() < REFRESH_MARGIN_MS) {
      return (await this.refresh()).idToken;
    }
    return s.idToken;
  }

  current(): Session | null {
    return this.session ? toSession(this.session, this.email) : null;
  }

  /** Forgets the tokens in this browser. */
  signOut(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.user?.signOut();
    localStorage.removeItem(EMAIL_KEY);
    this.user = null;
    this.session = null;
  }
}
