import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config';

const good = {
  cognitoUserPoolId: 'ap-northeast-2_AbC123',
  cognitoClientId: 'client123',
  webSocketUrl: 'wss://abc.execute-api.ap-northeast-2.amazonaws.com/prod',
  apiUrl: 'https://def.execute-api.ap-northeast-2.amazonaws.com/',
};

function fetchAnswering(status: number, body: string): typeof fetch {
  return (async () => new Response(body, { status })) as typeof fetch;
}

describe('config', () => {
  it('loads a complete config and trims the API URL', async () => {
    const config = await loadConfig(fetchAnswering(200, JSON.stringify({ ...good, telegramBotName: '@my_bot', extra: 1 })));
    expect(config.apiUrl).toBe('https://def.execute-api.ap-northeast-2.amazonaws.com');
    expect(config.telegramBotName).toBe('my_bot');
    expect(config.cognitoEndpoint).toBeUndefined();
  });

  it('names every missing field', () => {
    expect(() => parseConfig({ cognitoClientId: 'x' })).toThrow(/cognitoUserPoolId, webSocketUrl, apiUrl/);
  });

  it('rejects values of the wrong shape', () => {
    expect(() => parseConfig({ ...good, webSocketUrl: 'https://x' })).toThrow(/wss:/);
    expect(() => parseConfig({ ...good, cognitoUserPoolId: 'nope' })).toThrow(/user pool id/);
    expect(() => parseConfig({ ...good, apiUrl: 'undefined' })).toThrow(/apiUrl/);
    expect(() => parseConfig([good])).toThrow(ConfigError);
  });

  it('explains a missing file, including the SPA fallback that answers with index.html', async () => {
    await expect(loadConfig(fetchAnswering(404, 'Not Found'))).rejects.toThrow(/HTTP 404/);
    await expect(loadConfig(fetchAnswering(200, '<!doctype html><html></html>'))).rejects.toThrow(/missing/);
    await expect(loadConfig(fetchAnswering(200, '{"cognito'))).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig((async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch)).rejects.toThrow(/could not be fetched/);
  });
});
