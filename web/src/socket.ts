import { HEARTBEAT_MS, parseServerFrame, type ClientFrame, type ServerFrame } from './protocol';

/** What the header shows about the connection. */
export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'waiting'; attempt: number; retryAt: number }
  | { kind: 'stopped' };

/** The subset of the browser WebSocket this client uses, so tests can hand in their own. */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as number),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as number),
};

export interface SocketOptions {
  url: string;
  /** The Cognito ID token for the next connect; `forceRefresh` after repeated rejections. */
  getToken(forceRefresh: boolean): Promise<string>;
  onFrame(frame: ServerFrame): void;
  onState(state: ConnectionState): void;
  /** Called after (re)connecting, before queued messages go out. */
  onOpen?(send: (frame: ClientFrame) => void): void;
  /** A queued message was handed to the server. */
  onSent?(clientMessageId: string): void;
  /** The token could not be had (the session is over). */
  onAuthFailure?(error: unknown): void;
  createSocket?(url: string): SocketLike;
  /** The UI's language, sent with each connect (`lang`): the server's notices and errors come in it. */
  language?(): string;
  clock?: Clock;
  random?(): number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const OPEN = 1;

/** 1, 2, 4, 8, 16, 30, 30 … seconds, each shortened by up to half at random so clients spread out. */
export function backoffDelay(attempt: number, random: number, baseMs = 1000, maxMs = 30_000): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(full * (0.5 + random / 2));
}

/**
 * The connect URL: the token (and the UI's language) travel as query parameters (browsers cannot set WebSocket headers).
 * `start`: the chat view has just opened, so the server starts the user's container while they type (`start=1`).
 */
export function connectUrl(base: string, token: string, lang?: string, start = false): string {
  let url = `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  if (lang) url += `&lang=${encodeURIComponent(lang)}`;
  return start ? `${url}&start=1` : url;
}

/** Reconnect this long before the connection's token expires: the server ends a connection at its token's `exp`. */
export const RENEW_BEFORE_MS = 60_000;

/** The `exp` of a JWT in epoch ms, or null when the token carries none (it is not verified here). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * One WebSocket to the API that reconnects with back-off, keeps the connection alive, and holds
 * messages typed while offline until the next connection. A connection lives no longer than the ID token
 * it was opened with, so it is renewed with a fresh token shortly before that token expires (and at once
 * when the server says `session_expired`).
 */
export class ChatSocket {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private failuresSinceOpen = 0;
  private retryTimer: unknown = null;
  private heartbeat: unknown = null;
  private renewTimer: unknown = null;
  private stopped = true;
  /** Until a connection of this session has opened: only then does a connect ask for the container (`start=1`). */
  private neverOpened = true;
  private readonly queue: { frame: ClientFrame; id?: string }[] = [];
  private readonly clock: Clock;
  private readonly random: () => number;
  private state: ConnectionState = { kind: 'stopped' };

  constructor(private readonly options: SocketOptions) {
    this.clock = options.clock ?? browserClock;
    this.random = options.random ?? Math.random;
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  queuedCount(): number {
    return this.queue.length;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Closes for good (sign out); queued messages are dropped. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      socket.close(1000, 'signed out');
    }
    this.setState({ kind: 'stopped' });
  }

  /** Skips the wait before the next attempt (a button, or the browser coming back online). */
  retryNow(): void {
    if (this.stopped || this.state.kind !== 'waiting') return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  /**
   * Sends now when connected; a user message is otherwise queued and sent after reconnecting.
   * Returns true when it went out now.
   */
  send(frame: ClientFrame): boolean {
    if (this.socket && this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    if (frame.action === 'sendMessage') {
      this.queue.push({ frame, id: frame.clientMessageId });
    }
    return false;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.options.onState(state);
  }

  private async connect(): Promise<void> {
    this.setState({ kind: 'connecting', attempt: this.attempt });
    let token: string;
    try {
      token = await this.options.getToken(this.failuresSinceOpen >= 2);
    } catch (e) {
      if (this.stopped) return;
      this.options.onAuthFailure?.(e);
      this.stop();
      return;
    }
    if (this.stopped) return;
    const expiresAt = tokenExpiry(token);
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    // Only the session's first connection starts the container: a reconnect (token renewal each hour, a dropped
    // network) must not restart one the idle timeout stopped while the tab sat open.
    const socket = create(connectUrl(this.options.url, token, this.options.language?.(), this.neverOpened));
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.neverOpened = false;
      this.attempt = 0;
      this.failuresSinceOpen = 0;
      this.setState({ kind: 'open' });
      this.heartbeat = this.clock.setInterval(() => this.send({ action: 'ping' }), HEARTBEAT_MS);
      if (expiresAt !== null) {
        this.renewTimer = this.clock.setTimeout(() => this.renew(false),
          Math.max(0, expiresAt - RENEW_BEFORE_MS - this.clock.now()));
      }
      this.options.onOpen?.((f) => this.send(f));
      this.flush();
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      const frame = parseServerFrame(ev.data);
      if (frame) this.options.onFrame(frame);
      if (frame?.type === 'error' && frame.code === 'session_expired') this.renew(true);
    };
    socket.onerror = () => { /* a close event follows */ };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      this.failuresSinceOpen++;
      const delay = backoffDelay(this.attempt, this.random(), this.options.baseDelayMs, this.options.maxDelayMs);
      this.attempt++;
      this.setState({ kind: 'waiting', attempt: this.attempt, retryAt: this.clock.now() + delay });
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = null;
        void this.connect();
      }, delay);
    };
  }

  /** Replaces the open connection by one with a fresh token, at once (no back-off: nothing failed). */
  private renew(forceRefresh: boolean): void {
    if (this.stopped) return;
    const socket = this.socket;
    this.socket = null;
    this.clearTimers();
    if (socket) {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      socket.close(1000, 'token renewal');
    }
    this.failuresSinceOpen = forceRefresh ? 2 : 0;
    void this.connect();
  }

  private flush(): void {
    while (this.queue.length > 0 && this.socket && this.socket.readyState === OPEN) {
      const { frame, id } = this.queue.shift()!;
      this.socket.send(JSON.stringify(frame));
      if (id) this.options.onSent?.(id);
    }
  }

  private clearTimers(): void {
    if (this.heartbeat !== null) this.clock.clearInterval(this.heartbeat);
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    if (this.renewTimer !== null) this.clock.clearTimeout(this.renewTimer);
    this.heartbeat = this.retryTimer = this.renewTimer = null;
  }
}
