import { mockConvertFileSrc } from '@tauri-apps/api/mocks';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdown, type MarkdownRenderer } from './markdown';

// marked and DOMPurify are loaded on first use; every test below runs on the
// renderer the app gets.
let renderer: MarkdownRenderer;
beforeAll(async () => {
  mockConvertFileSrc('linux');
  renderer = await loadMarkdown();
});
const renderMarkdown = (source: string): string => renderer.renderMarkdown(source);
const sanitizeHtml = (html: string): string => renderer.sanitizeHtml(html);

/** Parses rendered HTML so assertions look at the DOM, not at string shapes. */
function dom(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}

describe('loadMarkdown', () => {
  it('loads the libraries once: every caller gets the same renderer', async () => {
    const [first, second] = await Promise.all([loadMarkdown(), loadMarkdown()]);
    expect(first).toBe(second);
    expect(await loadMarkdown()).toBe(renderer);
  });
});

describe('renderMarkdown', () => {
  it('still renders ordinary Markdown', () => {
    const root = dom(
      renderMarkdown('# Lesson\n\nI **will** try _again_.\n\n- one\n- two\n\n`code` [docs](./notes.md)'),
    );
    expect(root.querySelector('h1')?.textContent).toBe('Lesson');
    expect(root.querySelector('strong')?.textContent).toBe('will');
    expect(root.querySelector('em')?.textContent).toBe('again');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('code')?.textContent).toBe('code');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('./notes.md');
  });

  it('shows a <script> block as text and never emits a script element', () => {
    const html = renderMarkdown('Before\n\n<script>alert("x")</script>\n\nAfter');
    const root = dom(html);
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<script>alert("x")</script>');
  });

  it('shows inline raw HTML as text', () => {
    const root = dom(renderMarkdown('I felt <b>bold</b> today <span style="color:red">x</span>'));
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('span')).toBeNull();
    expect(root.textContent).toContain('<b>bold</b>');
    expect(root.textContent).toContain('<span style="color:red">');
  });

  it('neutralises <img src=x onerror=...>', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)">');
    const root = dom(html);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[onerror]')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it('drops javascript: links but keeps their text', () => {
    const root = dom(renderMarkdown('[click me](javascript:alert(1)) and [ok](https://example.org)'));
    const links = [...root.querySelectorAll('a')];
    for (const link of links) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
    }
    expect(root.textContent).toContain('click me');
  });

  it('adds rel="noopener noreferrer" to links and removes target', () => {
    const root = dom(renderMarkdown('[site](https://example.org)'));
    const link = root.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.hasAttribute('target')).toBe(false);
  });

  it('drops remote images, which would be a network request', () => {
    const root = dom(
      renderMarkdown('![tracker](https://example.org/pixel.png) ![p](//example.org/a.png) ![f](file:///etc/x.png)'),
    );
    expect(root.querySelector('img')).toBeNull();
  });

  it('keeps data: and relative images', () => {
    const root = dom(renderMarkdown('![dot](data:image/png;base64,iVBORw0KGgo=) ![local](images/a.png)'));
    const sources = [...root.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(sources).toEqual(['data:image/png;base64,iVBORw0KGgo=', 'images/a.png']);
  });
});

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers, iframes, styles and forms', () => {
    const root = dom(
      sanitizeHtml(
        '<p onclick="alert(1)" style="color:red">hi</p><script>alert(1)</script>' +
          '<iframe src="https://example.org"></iframe><style>p{}</style>' +
          '<form action="/x"><input name="a"><button>go</button></form>' +
          '<a href="javascript:alert(1)">x</a><svg><script>alert(1)</script></svg>',
      ),
    );
    expect(root.querySelector('script, iframe, style, form, input, button, svg')).toBeNull();
    const p = root.querySelector('p');
    expect(p?.textContent).toBe('hi');
    expect(p?.hasAttribute('onclick')).toBe(false);
    expect(p?.hasAttribute('style')).toBe(false);
    expect(root.querySelector('a')?.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
  });

  it('removes images with remote or script sources', () => {
    const root = dom(
      sanitizeHtml('<img src="http://example.org/a.png"><img src="javascript:alert(1)"><img src="ok.png" onerror="x()">'),
    );
    const images = [...root.querySelectorAll('img')];
    expect(images.map((img) => img.getAttribute('src'))).toEqual(['ok.png']);
    expect(images[0]?.hasAttribute('onerror')).toBe(false);
  });

  it('shows an attached picture through the app protocol, and nothing else that looks like one', () => {
    const reference = '0123456789abcdef0123456789abcdef';
    const root = dom(
      renderMarkdown(`![the letter](attachment:${reference}) ![bad](attachment:../../journal) ![far](attachment://evil.example/x.png)`),
    );
    const images = [...root.querySelectorAll('img')];
    expect(images.map((img) => img.getAttribute('src'))).toEqual([`attachment://localhost/${reference}`]);
    expect(images[0]?.getAttribute('alt')).toBe('the letter');
  });
});
