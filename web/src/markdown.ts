/**
 * A small Markdown renderer for agent replies. It never passes input through as HTML: every piece of
 * text is escaped, and links keep only http(s) and mailto targets. It renders partial input (a reply
 * still streaming, an unclosed code fence) without losing text.
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

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>`;
}

const INLINE = new RegExp([
  '(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)', // 1,2 code span
  '\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)', // 3,4 [text](url)
  '(https?:\\/\\/[^\\s<>"\'`)\\]]*[^\\s<>"\'`)\\].,;:!?])', // 5 bare URL
  '\\*\\*([^*\\n]+)\\*\\*', // 6 bold
  '__([^_\\n]+)__', // 7 bold
  '\\*([^*\\s][^*\\n]*?)\\*', // 8 italic
  '~~([^~\\n]+)~~', // 9 strike
].join('|'), 'g');

export function renderInline(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out += escapeHtml(text.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[2] !== undefined) {
      out += `<code>${escapeHtml(m[2])}</code>`;
    } else if (m[3] !== undefined) {
      out += isSafeUrl(m[4]) ? link(m[4], renderInline(m[3])) : escapeHtml(m[0]);
    } else if (m[5] !== undefined) {
      out += link(m[5], escapeHtml(m[5]));
    } else if (m[6] !== undefined || m[7] !== undefined) {
      out += `<strong>${renderInline(m[6] ?? m[7])}</strong>`;
    } else if (m[8] !== undefined) {
      out += `<em>${renderInline(m[8])}</em>`;
    } else if (m[9] !== undefined) {
      out += `<del>${renderInline(m[9])}</del>`;
    }
  }
  return out + escapeHtml(text.slice(last));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

function isBlockStart(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

/** Markdown text to an HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const closing = new RegExp(`^ {0,3}${fence[1][0]}{${fence[1].length},}\\s*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !closing.test(lines[i])) body.push(lines[i++]);
      i++; // the closing fence, or past the end while the reply is still streaming
      const lang = /^[\w+#.-]{1,30}$/.test(fence[2]) ? fence[2] : '';
      out.push(`<pre${lang ? ` data-lang="${escapeHtml(lang)}"` : ''}><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      out.push(`<h${level}>${renderInline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) body.push(lines[i++].replace(QUOTE, ''));
      out.push(`<blockquote>${renderMarkdown(body.join('\n'))}</blockquote>`);
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2]);
      const start = ordered ? parseInt(item[2], 10) : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const next = LIST_ITEM.exec(lines[i]);
        if (next && /\d/.test(next[2]) === ordered) {
          items.push(next[3]);
          i++;
        } else if (items.length > 0 && /^\s{2,}\S/.test(lines[i]) && !isBlockStart(lines[i].trimStart())) {
          items[items.length - 1] += '\n' + lines[i].trim();
          i++;
        } else {
          break;
        }
      }
      const tag = ordered ? 'ol' : 'ul';
      const startAttr = ordered && start !== 1 ? ` start="${start}"` : '';
      out.push(`<${tag}${startAttr}>${items.map((it) => `<li>${renderInline(it).replace(/\n/g, '<br>')}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !isBlockStart(lines[i]))) {
      para.push(lines[i++]);
    }
    out.push(`<p>${para.map(renderInline).join('<br>')}</p>`);
  }
  return out.join('');
}
