import { describe, expect, it } from 'vitest';
import { Api } from '../src/api';
import { authErrorKey } from '../src/auth';

describe('authErrorKey', () => {
  it('maps Cognito failures to clear texts', () => {
    expect(authErrorKey('NotAuthorizedException', 'Incorrect username or password.')).toBe('errWrongPassword');
    expect(authErrorKey('UserNotFoundException', 'User does not exist.')).toBe('errUserNotFound');
    expect(authErrorKey('UserNotConfirmedException', 'User is not confirmed.')).toBe('errUnconfirmed');
    expect(authErrorKey('NotAuthorizedException', 'Refresh Token has expired')).toBe('errSessionExpired');
    expect(authErrorKey('NotAuthorizedException', 'Password attempts exceeded')).toBe('errTooManyAttempts');
    expect(authErrorKey('InvalidPasswordException', 'The provided password does not confirm to the configured password policy')).toBe('errPasswordPolicy');
    expect(authErrorKey('NetworkError', 'Network error')).toBe('errNetwork');
    expect(authErrorKey(undefined, 'Failed to fetch')).toBe('errNetwork');
    expect(authErrorKey('SomethingNew', 'x')).toBe('errUnknown');
  });
});

describe('Api', () => {
  it('sends the ID token, uses the runtime apiUrl, and retries once with a fresh token on 401', async () => {
    const calls: { url: string; auth: string }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization;
      calls.push({ url, auth });
      return auth === 'Bearer fresh'
        ? new Response('{"linked":true,"telegramUserId":"42"}', { status: 200 })
        : new Response('{"message":"Unauthorized"}', { status: 401 });
    }) as unknown as typeof fetch;
    const api = new Api('https://api.example', async (force) => (force ? 'fresh' : 'stale'), fetchFn);
    expect(await api.linkStatus()).toEqual({ linked: true, telegramUserId: '42' });
    expect(calls).toEqual([
      { url: 'https://api.example/link/status', auth: 'Bearer stale' },
      { url: 'https://api.example/link/status', auth: 'Bearer fresh' },
    ]);
  });

  it('fails clearly on errors and fills the OTP lifetime', async () => {
    const api = new Api('https://api.example', async () => 't',
      (async () => new Response('{"code":"123456"}', { status: 200 })) as unknown as typeof fetch);
    expect(await api.generateOtp()).toEqual({ code: '123456', expiresInSeconds: 300 });
    const failing = new Api('https://api.example', async () => 't',
      (async () => new Response('x', { status: 500 })) as unknown as typeof fetch);
    await expect(failing.unlink()).rejects.toThrow(/HTTP 500/);
  });
});
