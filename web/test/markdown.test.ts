// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderInline, renderMarkdown } from '../src/markdown';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders code blocks, lists, headings, emphasis and links', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and *it* and `x<y`.\n\n- one\n- two\n\n1. a\n2. b\n\n```js\nif (a < b) {}\n```\n[docs](https://example.com/a?b=1&c=2)');
    const el = dom(html);
    expect(el.querySelector('h1')?.textContent).toBe('Title');
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('em')?.textContent).toBe('it');
    expect(el.querySelector('p code')?.textContent).toBe('x<y');
    expect([...el.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...el.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['a', 'b']);
    expect(el.querySelector('pre')?.getAttribute('data-lang')).toBe('js');
    expect(el.querySelector('pre code')?.textContent).toBe('if (a < b) {}');
    const a = el.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/a?b=1&c=2');
    expect(a.getAttribute('rel')).toContain('noopener');
  });

  it('never lets HTML through', () => {
    const attacks = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '**<b onclick=alert(1)>x</b>**',
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](https://a.example/"onmouseover="alert(1))',
      'https://a.example/"><img src=x onerror=alert(1)>',
      '```\n</code></pre><img src=x onerror=alert(1)>\n```',
      '`</code><iframe src=x>`',
      '> <svg onload=alert(1)>',
      '- <a href="javascript:alert(1)">x</a>',
      "# <img src='x' onerror='alert(1)'>",
    ];
    for (const attack of attacks) {
      const el = dom(renderMarkdown(attack));
      expect(el.querySelectorAll('script, img, iframe, svg, b').length, attack).toBe(0);
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.attributes) {
          expect(attr.name.startsWith('on'), `${attack} gave ${attr.name}`).toBe(false);
        }
      }
      for (const link of el.querySelectorAll('a')) {
        expect(isSafeUrl(link.getAttribute('href')!), attack).toBe(true);
      }
    }
  });

  it('keeps the text of an unsafe link visible', () => {
    expect(dom(renderInline('[click](javascript:alert(1))')).textContent).toBe('[click](javascript:alert(1))');
  });

  it('renders a reply that is still streaming: an unclosed fence keeps its text', () => {
    const el = dom(renderMarkdown('Here:\n```python\nprint("hi")'));
    expect(el.querySelector('pre code')?.textContent).toBe('print("hi")');
    expect(el.querySelector('p')?.textContent).toBe('Here:');
  });

  it('turns bare URLs into links without swallowing trailing punctuation', () => {
    const a = dom(renderMarkdown('See https://example.com/x.')).querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/x');
  });

  it('keeps line breaks inside a paragraph and Korean text intact', () => {
    const el = dom(renderMarkdown('안녕하세요\n반갑습니다'));
    expect(el.querySelector('p')?.innerHTML.replace(/\n/g, '')).toBe('안녕하세요<br>반갑습니다');
  });

  it('renders tables, nested lists and code inside lists', () => {
    const el = dom(renderMarkdown([
      '| name | cost |', '|---|--:|', '| Fargate | `0.04` |', '| Lambda | 0.01 |', '',
      '- one', '  - one.a', '    1. deep', '- two', '',
      '  ```sh', '  mvn openclaw:deploy', '  ```', '- three',
    ].join('\n')));
    expect([...el.querySelectorAll('table th')].map((th) => th.textContent)).toEqual(['name', 'cost']);
    expect([...el.querySelectorAll('table tbody tr')].map((tr) => tr.textContent?.replace(/\s+/g, ' ').trim()))
      .toEqual(['Fargate 0.04', 'Lambda 0.01']);
    expect(el.querySelector('table td code')?.textContent).toBe('0.04');
    expect(el.querySelector('ul > li > ul > li > ol > li')?.textContent).toBe('deep');
    expect(el.querySelector('ul > li pre[data-lang="sh"] code')?.textContent).toBe('mvn openclaw:deploy');
    expect([...el.querySelectorAll(':scope > ul > li')].length).toBe(3);
  });

  it('never lets HTML through tables, nested lists, images, autolinks or references', () => {
    const attacks = [
      '| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <script>alert(1)</script> |',
      '| [x](javascript:alert(1)) | `</code><svg onload=alert(1)>` |\n|---|---|',
      '- a\n  - <iframe src=x></iframe>\n    - [y](data:text/html,<script>alert(1)</script>)',
      '- item\n\n  ```html\n  <script>alert(1)</script>\n  ```',
      '![x](https://example.com/track.png)',
      '![x](javascript:alert(1))',
      '<javascript:alert(1)>',
      '<https://a.example/"onmouseover="alert(1)>',
      '[x][ref]\n\n[ref]: javascript:alert(1)',
      '[x](vbscript:msgbox(1))',
      '[x](file:///etc/passwd)',
      '[x](//evil.example/)',
      '```js" onmouseover="alert(1)\ncode\n```',
      '<details open ontoggle=alert(1)>',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    ];
    for (const attack of attacks) {
      const el = dom(renderMarkdown(attack));
      expect(el.querySelectorAll('script, img, iframe, svg, details').length, attack).toBe(0);
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.attributes) {
          expect(attr.name.startsWith('on'), `${attack} gave ${attr.name}`).toBe(false);
        }
      }
      for (const link of el.querySelectorAll('a')) {
        expect(isSafeUrl(link.getAttribute('href')!), attack).toBe(true);
      }
    }
  });
});
