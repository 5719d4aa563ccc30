// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { attachComposerKeys } from '../src/ui/composer';

function setup() {
  const textarea = document.createElement('textarea');
  document.body.append(textarea);
  let sends = 0;
  attachComposerKeys(textarea, () => sends++);
  const key = (init: KeyboardEventInit) => {
    const ev = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
    textarea.dispatchEvent(ev);
    return ev;
  };
  return { textarea, key, sends: () => sends };
}

describe('composer keys', () => {
  it('Enter sends and is consumed; Shift+Enter keeps the newline', () => {
    const c = setup();
    expect(c.key({}).defaultPrevented).toBe(true);
    expect(c.sends()).toBe(1);
    expect(c.key({ shiftKey: true }).defaultPrevented).toBe(false);
    expect(c.sends()).toBe(1);
  });

  it('Enter that confirms an IME composition does not send', () => {
    const c = setup();
    c.textarea.dispatchEvent(new CompositionEvent('compositionstart'));
    c.key({ isComposing: true });
    c.key({}); // some browsers do not set isComposing; the composition events still say so
    expect(c.sends()).toBe(0);
    c.textarea.dispatchEvent(new CompositionEvent('compositionend'));
    c.key({ keyCode: 229 }); // Safari: the confirming Enter comes after compositionend
    expect(c.sends()).toBe(0);
    c.key({});
    expect(c.sends()).toBe(1);
  });
});
