// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { newConversationId } from '../src/ui/chat';

describe('new conversation', () => {
  it('draws ids the server accepts as conversationId, a new one each time', () => {
    const ids = Array.from({ length: 50 }, () => newConversationId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/); // Conversations.VALID_ID on the server
      expect(id).not.toBe('default');
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
