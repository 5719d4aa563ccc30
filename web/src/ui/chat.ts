import { Api } from '../api';
import type { Auth, AuthError, Session } from '../auth';
import { ChatStore, newId, type ChatMessage, type ChatState } from '../chat';
import type { AppConfig } from '../config';
import { language, t } from '../i18n';
import { renderMarkdown } from '../markdown';
import { MAX_MESSAGE_CHARS } from '../protocol';
import { ChatSocket, type ConnectionState } from '../socket';
import { attachComposerKeys } from './composer';
import { clear, h } from './dom';
import { settingsView } from './settings';

/** While the agent starts, ask for its status this often so the header never shows a stale state. */
const STARTING_POLL_MS = 10_000;

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The signed-in part of the app: one socket, one conversation, redrawn on every change. */
export class ChatSession {
  readonly store = new ChatStore();
  readonly socket: ChatSocket;
  readonly api: Api;
  connection: ConnectionState = { kind: 'stopped' };
  /** The protocol's conversationId: `default` until the user starts a new conversation. */
  conversationId = 'default';
  private readonly connectionListeners = new Set<() => void>();
  private statusPoll: number | null = null;

  constructor(readonly config: AppConfig, readonly auth: Auth, readonly session: Session, onExpired: (e: AuthError) => void) {
    this.api = new Api(config.apiUrl, (force) => auth.idToken(force));
    this.socket = new ChatSocket({
      url: config.webSocketUrl,
      getToken: (force) => auth.idToken(force),
      language: () => language(),
      onFrame: (frame) => this.store.apply(frame),
      onState: (state) => {
        this.connection = state;
        this.connectionListeners.forEach((l) => l());
      },
      onOpen: (send) => {
        send({ action: 'getStatus' });
        this.store.historyRequested();
        send({ action: 'getHistory', conversationId: this.conversationId });
      },
      onSent: (id) => this.store.markSent(id),
      onAuthFailure: (e) => onExpired(e as AuthError),
    });
    this.store.subscribe((s) => this.pollWhileStarting(s));
    window.addEventListener('online', this.onOnline);
  }

  private readonly onOnline = () => this.socket.retryNow();

  private pollWhileStarting(s: ChatState): void {
    if (s.status === 'Starting' && this.statusPoll === null) {
      this.statusPoll = window.setInterval(() => this.socket.send({ action: 'getStatus' }), STARTING_POLL_MS);
    } else if (s.status !== 'Starting' && this.statusPoll !== null) {
      clearInterval(this.statusPoll);
      this.statusPoll = null;
    }
  }

  onConnection(listener: () => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  start(): void {
    this.socket.start();
  }

  /** Sends (or queues while offline) one user message. */
  send(text: string): void {
    const id = newId('u');
    const sentNow = this.socket.send({ action: 'sendMessage', message: text, conversationId: this.conversationId, clientMessageId: id });
    this.store.addUserMessage(id, text, !sentNow);
  }

  /** A fresh conversation: a new id (the agent keeps a separate session and history for it), an empty screen. */
  newConversation(): void {
    this.conversationId = newConversationId();
    this.store.clear();
    this.socket.send({ action: 'getStatus' });
  }

  stop(): void {
    if (this.statusPoll !== null) clearInterval(this.statusPoll);
    window.removeEventListener('online', this.onOnline);
    this.socket.stop();
  }
}

/** An id the server accepts as conversationId: [A-Za-z0-9_-], at most 64 characters. */
export function newConversationId(): string {
  return newId('c').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
}

function messageElement(m: ChatMessage): HTMLElement {
  const body = h('div', { class: 'message__body' });
  if (m.role === 'assistant') {
    body.innerHTML = renderMarkdown(m.content); // renderMarkdown escapes everything it is given
  } else if (m.role === 'error') {
    body.textContent = t('errorPrefix', { error: m.content });
  } else {
    body.textContent = m.content;
  }
  const el = h('article', {
    class: `message message--${m.role}${m.streaming ? ' message--streaming' : ''}${m.queued ? ' message--queued' : ''}`,
    'data-id': m.id,
    'aria-label': m.role === 'user' ? t('you') : t('agent'),
  }, body);
  if (m.queued) el.append(h('span', { class: 'message__meta', text: t('queued') }));
  if (m.channel === 'telegram') el.append(h('span', { class: 'message__meta', text: 'Telegram' }));
  return el;
}

function signature(m: ChatMessage): string {
  return `${m.role}|${m.streaming ? 1 : 0}|${m.queued ? 1 : 0}|${m.content.length}|${m.content.slice(-32)}`;
}

/** The chat screen: header with the agent status, the conversation, and the composer. */
export function chatView(chat: ChatSession, onSignOut: () => void, onRerender: () => void): { element: HTMLElement; dispose: () => void } {
  const disposers: (() => void)[] = [];

  const statusDot = h('span', { class: 'agent-status__dot', 'aria-hidden': 'true' });
  const statusLabel = h('span', { class: 'agent-status__label' });
  const status = h('div', { class: 'agent-status', id: 'agent-status', role: 'status', 'aria-live': 'polite' }, statusDot, statusLabel);

  const connection = h('div', { class: 'connection', id: 'connection', role: 'status', 'aria-live': 'polite' });
  const settingsButton = h('button', { class: 'btn btn--ghost', type: 'button', id: 'settings-toggle', 'aria-expanded': 'false', text: t('settings') });
  const newButton = h('button', { class: 'btn btn--ghost', type: 'button', id: 'new-conversation', text: t('newConversation') });
  newButton.addEventListener('click', () => chat.newConversation());
  const signOutButton = h('button', { class: 'btn btn--ghost', type: 'button', id: 'sign-out', text: t('signOut') });
  signOutButton.addEventListener('click', onSignOut);
  const header = h('header', { class: 'chat-header' },
    h('div', { class: 'chat-header__brand' }, h('span', { class: 'chat-header__logo', 'aria-hidden': 'true', text: '🦞' }),
      h('span', { class: 'chat-header__title', text: t('appTitle') })),
    status,
    h('div', { class: 'chat-header__actions' }, newButton, settingsButton, signOutButton));

  const list = h('div', { class: 'messages', id: 'messages', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions text', tabindex: '0' });
  const empty = h('p', { class: 'messages__empty', text: t('emptyChat') });

  const textarea = h('textarea', { id: 'composer', rows: '1', placeholder: t('placeholder'), 'aria-label': t('placeholder'), 'aria-describedby': 'composer-hint', maxlength: String(MAX_MESSAGE_CHARS) });
  const sendButton = h('button', { class: 'btn btn--primary composer__send', type: 'submit', id: 'send', text: t('send') });
  const composerError = h('p', { class: 'form-error composer__error', role: 'alert' });
  const form = h('form', { class: 'composer' }, textarea, sendButton);

  const submit = () => {
    const text = textarea.value.trim();
    if (!text) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      composerError.textContent = t('messageTooLong', { length: text.length, max: MAX_MESSAGE_CHARS });
      return;
    }
    composerError.textContent = '';
    chat.send(text);
    textarea.value = '';
    textarea.dispatchEvent(new Event('input'));
    stickToBottom = true;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
    textarea.focus();
  });
  attachComposerKeys(textarea, submit);
  const updateSendEnabled = () => (sendButton.disabled = textarea.value.trim() === '');
  textarea.addEventListener('input', updateSendEnabled);
  updateSendEnabled();

  const hint = h('p', { class: 'composer__hint', id: 'composer-hint', text: t('composerHint') });
  const chatPane = h('div', { class: 'chat-pane' }, list, h('div', { class: 'composer-bar' }, composerError, form, hint));
  const main = h('main', { class: 'chat-main' }, chatPane);
  const element = h('div', { class: 'chat' }, header, connection, main);

  // Messages: redraw only bubbles that changed, so a streaming reply does not rebuild the list.
  let stickToBottom = true;
  list.addEventListener('scroll', () => {
    stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  });
  const drawn = new Map<string, { el: HTMLElement; sig: string }>();
  const drawMessages = (s: ChatState) => {
    if (s.messages.length === 0) {
      drawn.clear();
      clear(list);
      list.append(empty);
      return;
    }
    empty.remove();
    const ids = new Set(s.messages.map((m) => m.id));
    for (const [id, d] of drawn) {
      if (!ids.has(id)) {
        d.el.remove();
        drawn.delete(id);
      }
    }
    let previous: Element | null = null;
    for (const m of s.messages) {
      const sig = signature(m);
      let d = drawn.get(m.id);
      if (!d || d.sig !== sig) {
        const el = messageElement(m);
        if (d) d.el.replaceWith(el);
        d = { el, sig };
        drawn.set(m.id, d);
      }
      const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== d.el) {
        if (previous) previous.after(d.el);
        else list.prepend(d.el);
      }
      previous = d.el;
    }
    if (stickToBottom) list.scrollTop = list.scrollHeight;
  };

  let ticker: number | null = null;
  const drawStatus = (s: ChatState) => {
    const kind = s.statusError ? 'error' : s.status.toLowerCase();
    status.className = `agent-status agent-status--${kind}`;
    statusLabel.textContent = s.statusError
      ? `${t('statusError')}: ${s.statusError}`
      : s.status === 'Starting'
        ? t('statusStarting', { elapsed: formatElapsed(Date.now() - s.statusSince) })
        : t(s.status === 'Idle' ? 'statusIdle' : s.status === 'Running' ? 'statusRunning' : 'statusStopping');
    if (s.status === 'Starting' && !s.statusError && ticker === null) {
      ticker = window.setInterval(() => drawStatus(chat.store.get()), 1000);
    } else if ((s.status !== 'Starting' || s.statusError) && ticker !== null) {
      clearInterval(ticker);
      ticker = null;
    }
  };

  let countdown: number | null = null;
  const drawConnection = () => {
    const c = chat.connection;
    if (countdown !== null) {
      clearInterval(countdown);
      countdown = null;
    }
    clear(connection);
    connection.dataset.state = c.kind;
    if (c.kind === 'open' || c.kind === 'stopped') return;
    if (c.kind === 'connecting') {
      connection.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('connConnecting'));
      return;
    }
    const label = h('span');
    const tick = () => {
      label.textContent = navigator.onLine === false
        ? t('connOffline')
        : t('connReconnecting', { seconds: Math.max(0, Math.ceil((c.retryAt - Date.now()) / 1000)) });
    };
    tick();
    countdown = window.setInterval(tick, 500);
    const retry = h('button', { class: 'btn btn--small', type: 'button', id: 'reconnect-now', text: t('connReconnectNow') });
    retry.addEventListener('click', () => chat.socket.retryNow());
    connection.append(label, retry);
  };

  let settings: { element: HTMLElement; dispose: () => void } | null = null;
  settingsButton.addEventListener('click', () => {
    if (settings) {
      settings.dispose();
      settings.element.replaceWith(chatPane);
      settings = null;
      settingsButton.textContent = t('settings');
      settingsButton.setAttribute('aria-expanded', 'false');
      textarea.focus();
    } else {
      settings = settingsView({ config: chat.config, api: chat.api, email: chat.session.email, onLanguage: onRerender, onSignOut });
      chatPane.replaceWith(settings.element);
      settingsButton.textContent = t('chat');
      settingsButton.setAttribute('aria-expanded', 'true');
    }
  });

  const draw = (s: ChatState) => {
    drawMessages(s);
    drawStatus(s);
  };
  disposers.push(chat.store.subscribe(draw), chat.onConnection(drawConnection));
  draw(chat.store.get());
  drawConnection();
  queueMicrotask(() => textarea.focus());

  return {
    element,
    dispose: () => {
      disposers.forEach((d) => d());
      if (ticker !== null) clearInterval(ticker);
      if (countdown !== null) clearInterval(countdown);
      settings?.dispose();
    },
  };
}
