import MarkdownIt from 'markdown-it';

/**
 * Agent replies as HTML, through markdown-it (CommonMark with GitHub's tables and strikethrough): lists nested
 * to any depth, code inside list items, tables. Nothing of the input passes through as HTML: raw HTML is off
 * (`html: false` escapes it), images are off (a reply cannot make the browser fetch a URL), and links keep only
 * http(s) and mailto targets. A reply still streaming (an unclosed code fence) renders without losing text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Link targets a reply may carry; anything else (javascript:, data:, relative paths) stays text. */
export function isSafeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(url)) return false;
  return /^(https?:\/\/|mailto:)/i.test(url);
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);
// markdown-it's own check allows relative and some data: URLs; a reply's links are absolute http(s) or mailto only
md.validateLink = (url: string) => isSafeUrl(url);

const defaultLinkOpen = md.renderer.rules.link_open
  ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// <pre data-lang="js"><code>…</code></pre>: the language as a plain attribute (escaped), no class from input
md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const lang = token.info.trim().split(/\s+/)[0] ?? '';
  const attr = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
  return `<pre${attr}><code>${escapeHtml(token.content.replace(/\n$/, ''))}</code></pre>\n`;
};

/** One line of Markdown (no blocks) to safe HTML. */
export function renderInline(text: string): string {
  return md.renderInline(text);
}

/** Markdown text to an HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
