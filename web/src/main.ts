import './styles.css';
import { Auth, type AuthError, type Session } from './auth';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { initLanguage, t } from './i18n';
import { applyTheme } from './theme';
import { ChatSession, chatView } from './ui/chat';
import { clear, h } from './ui/dom';
import { loginView } from './ui/login';

const root = document.getElementById('app')!;

function show(node: Node): void {
  clear(root);
  root.append(node);
}

function configErrorScreen(reason: string): HTMLElement {
  return h('main', { class: 'config-error', role: 'alert' },
    h('h1', { text: t('configErrorTitle') }),
    h('p', { text: t('configErrorBody') }),
    h('pre', { class: 'config-error__reason', text: reason }));
}

function startApp(config: AppConfig): void {
  const auth = new Auth(config);
  let chat: ChatSession | null = null;
  let view: { element: HTMLElement; dispose: () => void } | null = null;

  const toLogin = (notice?: string) => {
    view?.dispose();
    view = null;
    chat?.stop();
    chat = null;
    auth.signOut();
    show(loginView(auth, toChat, notice));
  };
  const expired = (e: AuthError) => toLogin(t(e.key ?? 'errSessionExpired', { message: e.detail ?? '' }));
  auth.onExpired = expired;

  const mountChat = (reopenSettings: boolean) => {
    view?.dispose();
    view = chatView(chat!, () => toLogin(), () => mountChat(true));
    show(view.element);
    if (reopenSettings) view.element.querySelector<HTMLButtonElement>('#settings-toggle')?.click();
  };

  function toChat(session: Session): void {
    chat = new ChatSession(config, auth, session, expired);
    mountChat(false);
    chat.start();
  }

  void auth.restore().then((restored) => {
    if (restored.session) toChat(restored.session);
    else toLogin(restored.expired ? t('errSessionExpired') : undefined);
  });
}

async function boot(): Promise<void> {
  initLanguage();
  applyTheme();
  show(h('p', { class: 'app-loading', text: t('loading') }));
  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    const reason = e instanceof ConfigError ? e.message : String(e);
    console.error('OpenClaw configuration error:', reason);
    show(configErrorScreen(reason));
    return;
  }
  startApp(config);
}

void boot();
