/**
 * The WebSocket message protocol (docs/protocol.md; names match runtime-common's Protocol class).
 * Unknown fields are ignored; unknown or malformed frames are dropped.
 */
export type AgentStatus = 'Idle' | 'Starting' | 'Running' | 'Stopping';
export type Role = 'user' | 'assistant';

export interface HistoryMessage {
  role: Role;
  content: string;
  channel?: 'web' | 'telegram';
  timestamp?: number;
}

export type ServerFrame =
  | { type: 'status'; status: AgentStatus }
  | { type: 'stream_chunk'; content: string; replace: boolean }
  | { type: 'stream_end' }
  | { type: 'message'; content: string }
  | { type: 'history'; messages: HistoryMessage[] }
  | { type: 'error'; error: string; code?: string };

export type ClientFrame =
  | { action: 'sendMessage'; message: string; conversationId?: string; clientMessageId?: string }
  | { action: 'getStatus' }
  | { action: 'getHistory'; conversationId?: string }
  | { action: 'ping' };

/** The longest user message the server accepts, in characters. */
export const MAX_MESSAGE_CHARS = 16_000;
/** Keep-alive interval: API Gateway closes idle connections after 10 minutes. */
export const HEARTBEAT_MS = 30_000;

const STATUSES: Record<string, AgentStatus> = {
  idle: 'Idle', starting: 'Starting', running: 'Running', stopping: 'Stopping',
};

/** "starting", "Starting" and "STARTING" are the same state; anything else is not a status. */
export function normaliseStatus(value: unknown): AgentStatus | null {
  return typeof value === 'string' ? STATUSES[value.toLowerCase()] ?? null : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const f = raw as Record<string, unknown>;
  switch (f.type) {
    case 'status': {
      const status = normaliseStatus(f.status);
      return status ? { type: 'status', status } : null;
    }
    case 'stream_chunk': {
      const content = str(f.content);
      return content === null ? null : { type: 'stream_chunk', content, replace: f.replace === true };
    }
    case 'stream_end':
      return { type: 'stream_end' };
    case 'message': {
      const content = str(f.content);
      return content === null ? null : { type: 'message', content };
    }
    case 'history': {
      if (!Array.isArray(f.messages)) return null;
      const messages: HistoryMessage[] = [];
      for (const m of f.messages as Record<string, unknown>[]) {
        if (!m || (m.role !== 'user' && m.role !== 'assistant') || typeof m.content !== 'string') continue;
        messages.push({
          role: m.role,
          content: m.content,
          channel: m.channel === 'telegram' ? 'telegram' : m.channel === 'web' ? 'web' : undefined,
          timestamp: typeof m.timestamp === 'number' ? m.timestamp : undefined,
        });
      }
      return { type: 'history', messages };
    }
    case 'error': {
      const error = str(f.error) ?? 'Unknown error';
      const code = str(f.code);
      return code ? { type: 'error', error, code } : { type: 'error', error };
    }
    default:
      return null;
  }
}
