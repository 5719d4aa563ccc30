/**
 * Runtime configuration, fetched from /config.json before anything renders. The plugin writes that
 * file from the deployed stack outputs, so one build serves every deployment.
 */
export interface AppConfig {
  cognitoUserPoolId: string;
  cognitoClientId: string;
  /** wss://… of the WebSocket API stage. */
  webSocketUrl: string;
  /** https://… of the HTTP API, no trailing slash. */
  apiUrl: string;
  /** The Telegram bot's user name (without @), when Telegram is enabled. */
  telegramBotName?: string;
  /** Another Cognito IDP endpoint (an emulator); AWS's regional endpoint when absent. */
  cognitoEndpoint?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const REQUIRED = ['cognitoUserPoolId', 'cognitoClientId', 'webSocketUrl', 'apiUrl'] as const;

/** Checks a parsed config.json; every problem is named so the error screen can tell the operator. */
export function parseConfig(raw: unknown): AppConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('config.json is not a JSON object');
  }
  const obj = raw as Record<string, unknown>;
  const missing = REQUIRED.filter((k) => typeof obj[k] !== 'string' || (obj[k] as string).trim() === '');
  if (missing.length > 0) {
    throw new ConfigError(`config.json lacks ${missing.join(', ')}`);
  }
  const config: AppConfig = {
    cognitoUserPoolId: (obj.cognitoUserPoolId as string).trim(),
    cognitoClientId: (obj.cognitoClientId as string).trim(),
    webSocketUrl: (obj.webSocketUrl as string).trim(),
    apiUrl: (obj.apiUrl as string).trim().replace(/\/+$/, ''),
  };
  if (!/^[a-z]{2}(-[a-z]+)+-\d+_\w+$/.test(config.cognitoUserPoolId)) {
    throw new ConfigError(`cognitoUserPoolId "${config.cognitoUserPoolId}" is not a user pool id (region_id)`);
  }
  if (!/^wss?:\/\//.test(config.webSocketUrl)) {
    throw new ConfigError(`webSocketUrl "${config.webSocketUrl}" must start with wss://`);
  }
  if (!/^https?:\/\//.test(config.apiUrl)) {
    throw new ConfigError(`apiUrl "${config.apiUrl}" must start with https://`);
  }
  for (const optional of ['telegramBotName', 'cognitoEndpoint'] as const) {
    const value = obj[optional];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new ConfigError(`${optional} must be a string`);
    config[optional] = value.trim().replace(/^@/, '');
  }
  return config;
}

/** Fetches and checks /config.json; failures become a {@link ConfigError} with a readable reason. */
export async function loadConfig(fetchFn: typeof fetch = fetch, url = '/config.json'): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-store' });
  } catch (e) {
    throw new ConfigError(`config.json could not be fetched: ${(e as Error).message}`);
  }
  if (!response.ok) {
    throw new ConfigError(`config.json could not be loaded: HTTP ${response.status}`);
  }
  const text = await response.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // CloudFront's SPA fallback answers a missing file with index.html and 200.
    throw new ConfigError(text.trimStart().startsWith('<')
      ? 'config.json is missing (the server answered with an HTML page)'
      : 'config.json is not valid JSON');
  }
  return parseConfig(raw);
}
