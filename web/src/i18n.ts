/** English and Korean texts. The language follows the browser unless the user picks one. */
const en = {
  appTitle: 'Serverless OpenClaw',
  loading: 'Loading…',
  configErrorTitle: 'Configuration error',
  configErrorBody: 'The app could not load its configuration. Redeploy with mvn openclaw:deploy, which writes config.json.',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  newPasswordTitle: 'Choose a new password',
  newPasswordHint: 'Your account has a temporary password. Choose a new one to continue.',
  newPassword: 'New password',
  confirmPassword: 'Repeat new password',
  passwordsDiffer: 'The two passwords differ.',
  setPassword: 'Set password',
  errWrongPassword: 'Incorrect email or password.',
  errUserNotFound: 'Incorrect email or password.',
  errUnconfirmed: 'This account is not confirmed yet. Ask your administrator to confirm it.',
  errPasswordPolicy: 'The password does not meet the policy: at least 8 characters with upper and lower case letters, a digit and a symbol.',
  errTooManyAttempts: 'Too many attempts. Wait a moment and try again.',
  errSessionExpired: 'Your session has expired. Please sign in again.',
  errNetwork: 'The sign-in service cannot be reached. Check your connection.',
  errUnknown: 'Sign-in failed: {message}',
  statusIdle: 'Idle',
  statusStarting: 'Waking up agent… {elapsed}',
  statusRunning: 'Running',
  statusStopping: 'Stopping',
  statusError: 'Error',
  connConnecting: 'Connecting…',
  connReconnecting: 'Connection lost. Reconnecting in {seconds} s…',
  connReconnectNow: 'Retry now',
  connOffline: 'You are offline. Messages will be sent when the connection is back.',
  queued: 'Waiting to send',
  emptyChat: 'Send a message to start a conversation.',
  placeholder: 'Message the agent…',
  composerHint: 'Enter to send · Shift+Enter for a new line',
  send: 'Send',
  settings: 'Settings',
  chat: 'Chat',
  signOut: 'Sign out',
  newConversation: 'New conversation',
  you: 'You',
  agent: 'Agent',
  errorPrefix: 'Error: {error}',
  messageTooLong: 'The message is too long ({length} of at most {max} characters).',
  telegramTitle: 'Telegram',
  telegramLoading: 'Loading…',
  telegramLinked: 'Linked to Telegram user {id}.',
  telegramNotLinked: 'Link your Telegram account to chat with the same agent from Telegram.',
  telegramLink: 'Link Telegram',
  telegramUnlink: 'Unlink',
  telegramNewCode: 'New code',
  telegramSendCode: 'Send {command} to {bot} in Telegram.',
  telegramTheBot: 'the bot',
  telegramExpiresIn: 'Expires in {time}',
  telegramExpired: 'The code has expired.',
  telegramCheck: 'I sent it',
  telegramStatusFailed: 'Could not load the link status.',
  telegramOtpFailed: 'Could not create a code.',
  telegramUnlinkFailed: 'Could not unlink.',
  appearance: 'Appearance',
  theme: 'Theme',
  themeSystem: 'System',
  themeLight: 'Light',
  themeDark: 'Dark',
  language: 'Language',
  account: 'Account',
  signedInAs: 'Signed in as {email}',
};

export type TextKey = keyof typeof en;

const ko: Record<TextKey, string> = {
  appTitle: 'Serverless OpenClaw',
  loading: '불러오는 중…',
  configErrorTitle: '설정 오류',
  configErrorBody: '앱 설정을 불러올 수 없습니다. config.json을 쓰는 mvn openclaw:deploy로 다시 배포하세요.',
  email: '이메일',
  password: '비밀번호',
  signIn: '로그인',
  signingIn: '로그인 중…',
  newPasswordTitle: '새 비밀번호 설정',
  newPasswordHint: '임시 비밀번호로 로그인했습니다. 계속하려면 새 비밀번호를 정하세요.',
  newPassword: '새 비밀번호',
  confirmPassword: '새 비밀번호 확인',
  passwordsDiffer: '두 비밀번호가 다릅니다.',
  setPassword: '비밀번호 설정',
  errWrongPassword: '이메일 또는 비밀번호가 올바르지 않습니다.',
  errUserNotFound: '이메일 또는 비밀번호가 올바르지 않습니다.',
  errUnconfirmed: '아직 확인되지 않은 계정입니다. 관리자에게 확인을 요청하세요.',
  errPasswordPolicy: '비밀번호 정책에 맞지 않습니다: 8자 이상, 대문자·소문자·숫자·기호 포함.',
  errTooManyAttempts: '시도 횟수가 너무 많습니다. 잠시 후 다시 시도하세요.',
  errSessionExpired: '세션이 만료되었습니다. 다시 로그인하세요.',
  errNetwork: '로그인 서비스에 연결할 수 없습니다. 네트워크를 확인하세요.',
  errUnknown: '로그인 실패: {message}',
  statusIdle: '대기',
  statusStarting: '에이전트를 깨우는 중… {elapsed}',
  statusRunning: '실행 중',
  statusStopping: '중지 중',
  statusError: '오류',
  connConnecting: '연결 중…',
  connReconnecting: '연결이 끊겼습니다. {seconds}초 후 다시 연결합니다…',
  connReconnectNow: '지금 다시 시도',
  connOffline: '오프라인입니다. 연결되면 메시지를 보냅니다.',
  queued: '전송 대기',
  emptyChat: '메시지를 보내 대화를 시작하세요.',
  placeholder: '에이전트에게 메시지…',
  composerHint: 'Enter 전송 · Shift+Enter 줄바꿈',
  send: '전송',
  settings: '설정',
  chat: '채팅',
  signOut: '로그아웃',
  newConversation: '새 대화',
  you: '나',
  agent: '에이전트',
  errorPrefix: '오류: {error}',
  messageTooLong: '메시지가 너무 깁니다 ({length}자, 최대 {max}자).',
  telegramTitle: 'Telegram 연동',
  telegramLoading: '불러오는 중…',
  telegramLinked: 'Telegram ID {id} 연동됨.',
  telegramNotLinked: 'Telegram 계정을 연동하면 Telegram에서도 같은 에이전트와 대화할 수 있습니다.',
  telegramLink: 'Telegram 연동',
  telegramUnlink: '연동 해제',
  telegramNewCode: '새 코드 생성',
  telegramSendCode: 'Telegram에서 {bot}에게 {command}를 전송하세요.',
  telegramTheBot: '봇',
  telegramExpiresIn: '{time} 후 만료',
  telegramExpired: '코드가 만료되었습니다.',
  telegramCheck: '전송했습니다',
  telegramStatusFailed: '연동 상태를 불러올 수 없습니다.',
  telegramOtpFailed: 'OTP 생성에 실패했습니다.',
  telegramUnlinkFailed: '연동 해제에 실패했습니다.',
  appearance: '화면',
  theme: '테마',
  themeSystem: '시스템',
  themeLight: '밝게',
  themeDark: '어둡게',
  language: '언어',
  account: '계정',
  signedInAs: '{email}(으)로 로그인됨',
};

export type Lang = 'en' | 'ko';
const dictionaries: Record<Lang, Record<TextKey, string>> = { en, ko };
const LANG_KEY = 'openclaw.lang';

let current: Lang = 'en';

export function detectLanguage(stored: string | null, browser: readonly string[]): Lang {
  if (stored === 'en' || stored === 'ko') return stored;
  return browser.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

export function initLanguage(): Lang {
  current = detectLanguage(localStorage.getItem(LANG_KEY), navigator.languages ?? [navigator.language]);
  document.documentElement.lang = current;
  return current;
}

export function setLanguage(lang: Lang): void {
  current = lang;
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

export function language(): Lang {
  return current;
}

/** The text for a key in the current language, with {name} placeholders filled. */
export function t(key: TextKey, params: Record<string, string | number> = {}, lang: Lang = current): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole);
}

export const allKeys = Object.keys(en) as TextKey[];
export { dictionaries };
