/**
 * Enter sends, Shift+Enter breaks the line, and Enter that confirms an IME composition (Korean,
 * Japanese, Chinese input) only confirms it: it never sends, and never sends twice.
 */
export function attachComposerKeys(textarea: HTMLTextAreaElement, submit: () => void): void {
  let composing = false;
  textarea.addEventListener('compositionstart', () => {
    composing = true;
  });
  textarea.addEventListener('compositionend', () => {
    composing = false;
  });
  textarea.addEventListener('keydown', (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    // keyCode 229: Safari sends the confirming Enter after compositionend, marked only by this.
    if (e.isComposing || composing || e.keyCode === 229) return;
    e.preventDefault();
    submit();
  });
  const grow = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
  };
  textarea.addEventListener('input', grow);
}
