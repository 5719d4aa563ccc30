import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../src/protocol';
import { backoffDelay, ChatSocket, connectUrl, type Clock, type ConnectionState, type SocketLike } from '../src/socket';

/** A scripted WebSocket: the test opens, closes and feeds it by hand. */
class ScriptedSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) { this.sent.push(data); }
  close() { this.closed = true; this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.({}); }
  drop() { this.readyState = 3; this.onclose?.({}); }
  receive(data: string) { this.onmessage?.({ data }); }
}

/** Manual time: timers run only when the test advances the clock. */
class ManualClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  private next = 1;
  now() { return this.time; }
  setTimeout(fn: () => void, ms: number) { const id = this.next++; this.timers.set(id, { at: this.time + ms, fn }); return id; }
  clearTimeout(h: unknown) { this.timers.delete(h as number); }
  setInterval(fn: () => void, ms: number) { const id = this.next++; this.timers.set(id, { at: this.time + ms, fn, every: ms }); return id; }
  clearInterval(h: unknown) { this.timers.delete(h as number); }
  async advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.time = timer.at;
      if (timer.every) timer.at += timer.every; else this.timers.delete(id);
      timer.fn();
      await Promise.resolve();
      await Promise.resolve();
    }
    this.time = end;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('ChatSocket', () => {
  let sockets: ScriptedSocket[];
  let clock: ManualClock;
  let frames: ServerFrame[];
  let states: ConnectionState[];
  let sentIds: string[];
  let tokenCalls: boolean[];

  const make = () => new ChatSocket({
    url: 'wss://api.example/prod',
    getToken: async (force) => { tokenCalls.push(force); return `tok${tokenCalls.length}`; },
    onFrame: (f) => frames.push(f),
    onState: (s) => states.push(s),
    onOpen: (send) => send({ action: 'getHistory' }),
    onSent: (id) => sentIds.push(id),
    createSocket: (url) => { const s = new ScriptedSocket(url); sockets.push(s); return s; },
    clock,
    random: () => 1, // no jitter: the full delay
  });

  beforeEach(() => {
    sockets = []; clock = new ManualClock(); frames = []; states = []; sentIds = []; tokenCalls = [];
  });

  it('connects with the token in the URL, asks for history, and reads frames', async () => {
    const socket = make();
    socket.start();
    await flush();
    expect(sockets[0].url).toBe('wss://api.example/prod?token=tok1&start=1');
    sockets[0].open();
    expect(states.at(-1)).toEqual({ kind: 'open' });
    expect(sockets[0].sent).toEqual(['{"action":"getHistory"}']);
    sockets[0].receive('{"type":"stream_chunk","content":"hi"}');
    sockets[0].receive('garbage');
    expect(frames).toEqual([{ type: 'stream_chunk', content: 'hi', replace: false }]);
  });

  it('reconnects with back-off 1, 2, 4 … s and resets it after a successful open', async () => {
    const socket = make();
    socket.start();
    await flush();
    sockets[0].drop();
    expect(states.at(-1)).toEqual({ kind: 'waiting', attempt: 1, retryAt: 1000 });
    await clock.advance(999);
    expect(sockets).toHaveLength(1);
    await clock.advance(1);
    await flush();
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 2, retryAt: clock.time + 2000 });
    await clock.advance(2000);
    await flush();
    sockets[2].drop();
    expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 3, retryAt: clock.time + 4000 });
    // After two failures in a row the token is refreshed before trying again.
    expect(tokenCalls).toEqual([false, false, true]);
    await clock.advance(4000);
    await flush();
    sockets[3].open();
    sockets[3].drop();
    expect(states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 1, retryAt: clock.time + 1000 });
  });

  it('queues messages typed while offline and sends them in order after reconnecting', async () => {
    const socket = make();
    socket.start();
    await flush();
    sockets[0].open();
    expect(socket.send({ action: 'sendMessage', message: 'now', clientMessageId: 'a' })).toBe(true);
    sockets[0].drop();
    expect(socket.send({ action: 'sendMessage', message: 'later 1', clientMessageId: 'b' })).toBe(false);
    expect(socket.send({ action: 'sendMessage', message: 'later 2', clientMessageId: 'c' })).toBe(false);
    expect(socket.send({ action: 'ping' })).toBe(false);
    expect(socket.queuedCount()).toBe(2);
    await clock.advance(1000);
    await flush();
    sockets[1].open();
    expect(sockets[1].sent.map((s) => JSON.parse(s).message ?? JSON.parse(s).action)).toEqual(['getHistory', 'later 1', 'later 2']);
    expect(sentIds).toEqual(['b', 'c']);
    expect(socket.queuedCount()).toBe(0);
  });

  it('sends a ping every 30 s while open', async () => {
    const socket = make();
    socket.start();
    await flush();
    sockets[0].open();
    await clock.advance(60_000);
    expect(sockets[0].sent.filter((s) => s === '{"action":"ping"}')).toHaveLength(2);
  });

  it('retryNow skips the wait; stop ends it for good', async () => {
    const socket = make();
    socket.start();
    await flush();
    sockets[0].drop();
    socket.retryNow();
    await flush();
    expect(sockets).toHaveLength(2);
    socket.stop();
    expect(sockets[1].closed).toBe(true);
    await clock.advance(60_000);
    expect(sockets).toHaveLength(2);
    expect(states.at(-1)).toEqual({ kind: 'stopped' });
  });

  it('stops and reports when no token can be had', async () => {
    let failure: unknown = null;
    const socket = new ChatSocket({
      url: 'wss://x', getToken: async () => { throw new Error('expired'); },
      onFrame: () => {}, onState: () => {}, onAuthFailure: (e) => (failure = e), clock,
      createSocket: () => { throw new Error('must not connect'); },
    });
    socket.start();
    await flush();
    expect((failure as Error).message).toBe('expired');
    expect(socket.connectionState()).toEqual({ kind: 'stopped' });
  });
});

/** An unsigned JWT-shaped token expiring at `expMs` (the client only reads `exp`; the server verifies). */
function jwt(expMs: number, n: number): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'RS256' })}.${b64({ exp: Math.floor(expMs / 1000), n })}.sig`;
}

describe('ChatSocket and token expiry', () => {
  it('renews the connection with a fresh token a minute before the token expires, without back-off', async () => {
    const clock = new ManualClock();
    const sockets: ScriptedSocket[] = [];
    const calls: boolean[] = [];
    const socket = new ChatSocket({
      url: 'wss://api.example/prod',
      getToken: async (force) => { calls.push(force); return jwt(clock.now() + 10 * 60_000, calls.length); },
      onFrame: () => {}, onState: () => {}, clock,
      createSocket: (url) => { const s = new ScriptedSocket(url); sockets.push(s); return s; },
    });
    socket.start();
    await flush();
    sockets[0].open();
    await clock.advance(9 * 60_000 - 1);
    expect(sockets).toHaveLength(1);
    await clock.advance(1);
    await flush();
    expect(sockets[0].closed).toBe(true);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).not.toBe(sockets[0].url);
    expect(calls).toEqual([false, false]);
    sockets[1].open();
    expect(socket.connectionState()).toEqual({ kind: 'open' });
  });

  it('asks the server to start the container until the first connection opens, never on a reconnect', async () => {
    const clock = new ManualClock();
    const sockets: ScriptedSocket[] = [];
    let tokens = 0;
    const socket = new ChatSocket({
      url: 'wss://api.example/prod', getToken: async () => `tok${++tokens}`,
      onFrame: () => {}, onState: () => {}, clock, random: () => 1,
      createSocket: (url) => { const s = new ScriptedSocket(url); sockets.push(s); return s; },
    });
    socket.start();
    await flush();
    expect(sockets[0].url).toContain('&start=1');
    sockets[0].drop(); // the first try failed: the retry still asks
    await clock.advance(1000);
    await flush();
    expect(sockets[1].url).toBe('wss://api.example/prod?token=tok2&start=1');
    sockets[1].open();
    sockets[1].drop(); // a dropped network after the chat opened: the container may have been stopped for idleness
    await clock.advance(1000);
    await flush();
    expect(sockets).toHaveLength(3);
    expect(sockets[2].url).toBe('wss://api.example/prod?token=tok3');
  });

  it('reconnects at once with a refreshed token when the server says the session expired', async () => {
    const clock = new ManualClock();
    const sockets: ScriptedSocket[] = [];
    const calls: boolean[] = [];
    const frames: ServerFrame[] = [];
    const socket = new ChatSocket({
      url: 'wss://x', getToken: async (force) => { calls.push(force); return `tok${calls.length}`; },
      onFrame: (f) => frames.push(f), onState: () => {}, clock,
      createSocket: (url) => { const s = new ScriptedSocket(url); sockets.push(s); return s; },
    });
    socket.start();
    await flush();
    sockets[0].open();
    sockets[0].receive('{"type":"error","error":"Your sign-in has expired; reconnecting with a fresh one","code":"session_expired"}');
    await flush();
    expect(frames).toHaveLength(1);
    expect(sockets[0].closed).toBe(true);
    expect(sockets).toHaveLength(2);
    expect(calls).toEqual([false, true]);
  });
});

describe('backoffDelay', () => {
  it('doubles up to 30 s and jitters down to half', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(3, 0)).toBe(4000);
  });

  it('appends the start request after the token and the language', () => {
    expect(connectUrl('wss://a/prod', 'x', 'ko', true)).toBe('wss://a/prod?token=x&lang=ko&start=1');
    expect(connectUrl('wss://a/prod', 'x', undefined, true)).toBe('wss://a/prod?token=x&start=1');
    expect(connectUrl('wss://a/prod', 'x', 'en', false)).toBe('wss://a/prod?token=x&lang=en');
  });

  it('appends the token to URLs with or without a query', () => {
    expect(connectUrl('wss://a/prod', 'x.y.z')).toBe('wss://a/prod?token=x.y.z');
    expect(connectUrl('wss://a/prod?v=1', 'x')).toBe('wss://a/prod?v=1&token=x');
    expect(connectUrl('wss://a/prod', 'x', 'ko')).toBe('wss://a/prod?token=x&lang=ko');
    // a hostile value stays one encoded parameter; the server maps anything it does not know to English
    expect(connectUrl('wss://a/prod', 'x', 'ko&token=evil#')).toBe('wss://a/prod?token=x&lang=ko%26token%3Devil%23');
  });
});
