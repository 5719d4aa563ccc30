import type { AgentStatus, HistoryMessage, ServerFrame } from './protocol';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant' | 'error';
  content: string;
  timestamp: number;
  /** An assistant reply still arriving. */
  streaming?: boolean;
  /** A user message typed while offline, not yet handed to the server. */
  queued?: boolean;
  channel?: 'web' | 'telegram';
  /** Created in this browser (as opposed to loaded from history). */
  local?: boolean;
}

export interface ChatState {
  messages: ChatMessage[];
  status: AgentStatus;
  /** When the current status began (ms), for the "Starting" elapsed time. */
  statusSince: number;
  /** The last error while the agent was starting; cleared by the next status or reply. */
  statusError?: string;
  historyLoaded: boolean;
}

let counter = 0;
export function newId(prefix = 'm'): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${(counter++).toString(36)}-${random}`;
}

/**
 * The conversation as shown: applies server frames and local sends. Views subscribe and redraw;
 * all rules about streaming, history and status live here so they can be tested without a page.
 */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<(s: ChatState) => void>();
  private historyRequestedAt = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.state = { messages: [], status: 'Idle', statusSince: now(), historyLoaded: false };
  }

  get(): ChatState {
    return this.state;
  }

  subscribe(listener: (s: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(next: Partial<ChatState>): void {
    this.state = { ...this.state, ...next };
    this.listeners.forEach((l) => l(this.state));
  }

  addUserMessage(id: string, content: string, queued: boolean): void {
    this.set({
      messages: [...this.state.messages, { id, role: 'user', content, timestamp: this.now(), queued, local: true }],
    });
  }

  markSent(id: string): void {
    if (!this.state.messages.some((m) => m.id === id && m.queued)) return;
    this.set({ messages: this.state.messages.map((m) => (m.id === id ? { ...m, queued: false, timestamp: this.now() } : m)) });
  }

  /** Called when a history request goes out; messages sent after it are kept when the answer comes. */
  historyRequested(): void {
    this.historyRequestedAt = this.now();
  }

  private setStatus(status: AgentStatus, extra: Partial<ChatState> = {}): void {
    const since = status === this.state.status ? this.state.statusSince : this.now();
    this.set({ status, statusSince: since, statusError: undefined, ...extra });
  }

  apply(frame: ServerFrame): void {
    const messages = this.state.messages;
    switch (frame.type) {
      case 'status':
        this.setStatus(frame.status);
        return;
      case 'stream_chunk': {
        // A reply arriving means the agent runs, whatever the last status frame said. The chunk
        // belongs to the reply in progress even if the user sent another message meanwhile.
        const index = messages.findLastIndex((m) => m.role === 'assistant' && m.streaming);
        if (index >= 0) {
          const current = messages[index];
          const content = frame.replace ? frame.content : current.content + frame.content;
          this.setStatus('Running', { messages: messages.map((m, i) => (i === index ? { ...m, content } : m)) });
        } else {
          this.setStatus('Running', {
            messages: [...messages, { id: newId('a'), role: 'assistant', content: frame.content, timestamp: this.now(), streaming: true, local: true }],
          });
        }
        return;
      }
      case 'stream_end':
        this.set({ messages: messages.map((m) => (m.streaming ? { ...m, streaming: false } : m)) });
        return;
      case 'message':
        this.setStatus('Running', {
          messages: [...messages.filter((m) => !m.streaming),
            { id: newId('a'), role: 'assistant', content: frame.content, timestamp: this.now(), local: true }],
        });
        return;
      case 'history':
        this.applyHistory(frame.messages);
        return;
      case 'error':
        this.set({
          messages: [...messages.map((m) => (m.streaming ? { ...m, streaming: false } : m)),
            { id: newId('e'), role: 'error', content: frame.error, timestamp: this.now(), local: true }],
          statusError: this.state.status === 'Starting' ? frame.error : this.state.statusError,
        });
        return;
    }
  }

  /**
   * The server's history is the truth for everything before the request; kept from this browser are
   * queued messages, a reply still streaming, and what was sent or received after the request.
   */
  private applyHistory(history: HistoryMessage[]): void {
    const fromServer: ChatMessage[] = history.map((h, i) => ({
      id: `h-${i}-${h.timestamp ?? 0}`,
      role: h.role,
      content: h.content,
      timestamp: h.timestamp ?? 0,
      channel: h.channel,
    }));
    const keep = this.state.messages.filter((m) => m.local
      && (m.queued || m.streaming || m.timestamp >= this.historyRequestedAt)
      && !fromServer.some((s) => s.role === m.role && s.content === m.content && !m.queued && !m.streaming));
    this.set({ messages: [...fromServer, ...keep], historyLoaded: true });
  }

  clear(): void {
    this.set({ messages: [], status: 'Idle', statusSince: this.now(), statusError: undefined, historyLoaded: false });
  }
}
