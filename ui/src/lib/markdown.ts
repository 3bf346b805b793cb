// Markdown rendering for the entry preview.
//
// Journal text is user-supplied, and may be pasted from anywhere, so the
// rendered HTML is treated as hostile twice over: marked is told to show any
// raw HTML as escaped text, and its output is then sanitised by DOMPurify
// before it ever reaches `{@html}`. Remote images are removed as well, because
// loading them would be a network request from a private, offline app.

import { Marked } from 'marked';
import DOMPurify from 'dompurify';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Raw HTML (block or inline) is shown literally, as the user typed it.
    html({ text, block }) {
      const escaped = escapeHtml(text);
      return block ? `<p>${escaped.trimEnd()}</p>\n` : escaped;
    },
  },
});

const purify = DOMPurify();

/** Images may only come from inside the document or the app itself. */
function isAllowedImageSource(src: string): boolean {
  const value = src.trim();
  if (value === '') {
    return false;
  }
  if (/^data:image\//i.test(value)) {
    return true;
  }
  // A scheme ("https:", "file:", ...) or a protocol-relative "//host" would
  // leave the app; anything else is a relative path resolved against it.
  return !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('//') && !value.startsWith('\\\\');
}

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    // Opening another page must never hand it a reference to this window.
    node.setAttribute('rel', 'noopener noreferrer');
    node.removeAttribute('target');
  }
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    if (!isAllowedImageSource(src)) {
      node.remove();
    }
  }
});

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style',
    'script',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'select',
    'textarea',
    'link',
    'meta',
    'base',
    'svg',
    'math',
  ],
  FORBID_ATTR: ['style', 'srcset', 'formaction', 'action', 'background', 'ping'],
  ALLOW_DATA_ATTR: false,
};

/** Sanitises an HTML string for display; exported for tests and reuse. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, PURIFY_CONFIG);
}

/** Renders Markdown to HTML that is safe to pass to `{@html}`. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false });
  return sanitizeHtml(html);
}
