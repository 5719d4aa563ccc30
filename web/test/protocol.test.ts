import { describe, expect, it } from 'vitest';
import { ChatStore } from '../src/chat';
import { normaliseStatus, parseServerFrame, type ServerFrame } from '../src/protocol';

function frame(json: object): ServerFrame {
  const f = parseServerFrame(JSON.stringify(json));
  if (!f) throw new Error(`not a frame: ${JSON.stringify(json)}`);
  return f;
}

describe('parseServerFrame', () => {
  it('reads every frame of docs/protocol.md and ignores unknown fields', () => {
    expect(frame({ type: 'status', status: 'starting', extra: 1 })).toEqual({ type: 'status', status: 'Starting' });
    expect(frame({ type: 'stream_chunk', content: 'a' })).toEqual({ type: 'stream_chunk', content: 'a', replace: false });
    expect(frame({ type: 'stream_chunk', content: 'a', replace: true })).toEqual({ type: 'stream_chunk', content: 'a', replace: true });
    expect(frame({ type: 'stream_end' })).toEqual({ type: 'stream_end' });
    expect(frame({ type: 'message', content: 'done' })).toEqual({ type: 'message', content: 'done' });
    expect(frame({ type: 'error', error: 'boom', code: 'x' })).toEqual({ type: 'error', error: 'boom', code: 'x' });
    expect(frame({ type: 'history', messages: [{ role: 'user', content: 'q', channel: 'web', timestamp: 5 }, { role: 'system', content: 'no' }] }))
      .toEqual({ type: 'history', messages: [{ role: 'user', content: 'q', channel: 'web', timestamp: 5 }] });
  });

  it('drops malformed and unknown frames', () => {
    expect(parseServerFrame('not json')).toBeNull();
    expect(parseServerFrame('null')).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'pong' }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'status', status: 'sleeping' }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'stream_chunk' }))).toBeNull();
    expect(normaliseStatus('IDLE')).toBe('Idle');
  });
});

describe('ChatStore', () => {
  it('streams chunks into one bubble, honours replace, and ends the stream', () => {
    const store = new ChatStore(() => 1000);
    store.apply(frame({ type: 'status', status: 'Starting' }));
    store.apply(frame({ type: 'stream_chunk', content: 'Hel' }));
    store.apply(frame({ type: 'stream_chunk', content: 'lo' }));
    expect(store.get().status).toBe('Running');
    expect(store.get().messages).toHaveLength(1);
    expect(store.get().messages[0]).toMatchObject({ role: 'assistant', content: 'Hello', streaming: true });
    store.apply(frame({ type: 'stream_chunk', content: 'Hi there', replace: true }));
    store.apply(frame({ type: 'stream_end' }));
    expect(store.get().messages[0]).toMatchObject({ content: 'Hi there', streaming: false });
    store.apply(frame({ type: 'stream_chunk', content: 'Next' }));
    expect(store.get().messages).toHaveLength(2);
  });

  it('chunks keep going to the reply in progress when the user sends meanwhile', () => {
    const store = new ChatStore();
    store.apply(frame({ type: 'stream_chunk', content: 'first ' }));
    store.addUserMessage('u', 'another question', false);
    store.apply(frame({ type: 'stream_chunk', content: 'half' }));
    store.apply(frame({ type: 'stream_end' }));
    expect(store.get().messages.map((m) => m.content)).toEqual(['first half', 'another question']);
  });

  it('a complete message replaces a half-streamed one', () => {
    const store = new ChatStore();
    store.apply(frame({ type: 'stream_chunk', content: 'partial' }));
    store.apply(frame({ type: 'message', content: 'complete' }));
    expect(store.get().messages.map((m) => m.content)).toEqual(['complete']);
  });

  it('an error while starting shows in the status until the next status frame', () => {
    const store = new ChatStore();
    store.apply(frame({ type: 'status', status: 'Starting' }));
    store.apply(frame({ type: 'error', error: 'Could not start the agent' }));
    expect(store.get().statusError).toBe('Could not start the agent');
    expect(store.get().messages.at(-1)).toMatchObject({ role: 'error', content: 'Could not start the agent' });
    store.apply(frame({ type: 'status', status: 'Idle' }));
    expect(store.get().statusError).toBeUndefined();
  });

  it('keeps the time a status began, so Starting shows how long it has waited', () => {
    let now = 1000;
    const store = new ChatStore(() => now);
    store.apply(frame({ type: 'status', status: 'Starting' }));
    now = 5000;
    store.apply(frame({ type: 'status', status: 'Starting' }));
    expect(store.get().statusSince).toBe(1000);
    store.apply(frame({ type: 'status', status: 'Running' }));
    expect(store.get().statusSince).toBe(5000);
  });

  it('history replaces what was shown but keeps queued, streaming and newer local messages', () => {
    let now = 100;
    const store = new ChatStore(() => now);
    store.addUserMessage('old', 'shown before reconnect', false);
    store.addUserMessage('q', 'typed offline', true);
    now = 200;
    store.historyRequested();
    now = 300;
    store.addUserMessage('new', 'sent after the request', false);
    store.apply(frame({ type: 'history', messages: [
      { role: 'user', content: 'shown before reconnect', timestamp: 90 },
      { role: 'assistant', content: 'an answer received while offline', timestamp: 95 },
    ] }));
    expect(store.get().messages.map((m) => m.content)).toEqual([
      'shown before reconnect', 'an answer received while offline', 'typed offline', 'sent after the request',
    ]);
    expect(store.get().historyLoaded).toBe(true);
    store.markSent('q');
    expect(store.get().messages.find((m) => m.id === 'q')?.queued).toBe(false);
  });
});
