// Markdown rendering for the entry preview and the generated documents.
//
// Journal text is user-supplied, and may be pasted from anywhere, so the
// rendered HTML is treated as hostile twice over: marked is told to show any
// raw HTML as escaped text, and its output is then sanitised by DOMPurify
// before it ever reaches `{@html}`. Remote images are removed as well, because
// loading them would be a network request from a private, offline app.
//
// marked and DOMPurify are loaded with the first Markdown shown, not with the
// app: the journal, the first screen, renders none until a preview is asked
// for. `loadMarkdown()` resolves to the renderer once both are there; until
// then there is nothing that could turn text into HTML, sanitised or not.

import type { DOMPurify } from 'dompurify';
import type { Marked } from 'marked';
import { ATTACHMENT_REFERENCE, attachmentUrl } from './backend';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Markdown to safe HTML, once its libraries are loaded (see `loadMarkdown`). */
export interface MarkdownRenderer {
  /** Renders Markdown to HTML that is safe to pass to `{@html}`. */
  renderMarkdown(source: string): string;
  /** Sanitises an HTML string for display; exported for tests and reuse. */
  sanitizeHtml(html: string): string;
}

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

function createRenderer(MarkedParser: typeof Marked, createPurify: DOMPurify): MarkdownRenderer {
  const marked = new MarkedParser({
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

  const purify = createPurify();

  // `![photo](attachment:<reference>)` shows the attached picture: DOMPurify is
  // told to keep that one (otherwise unknown) scheme on an image, and the hook
  // below turns it into the app's protocol URL.
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (node.tagName === 'IMG' && data.attrName === 'src' && ATTACHMENT_REFERENCE.test(data.attrValue.trim())) {
      data.forceKeepAttr = true;
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      // Opening another page must never hand it a reference to this window.
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
    if (node.tagName === 'IMG') {
      const src = (node.getAttribute('src') ?? '').trim();
      const attached = ATTACHMENT_REFERENCE.exec(src)?.[1];
      if (attached !== undefined) {
        node.setAttribute('src', attachmentUrl(attached));
      } else if (!isAllowedImageSource(src)) {
        node.remove();
      }
    }
  });

  const sanitizeHtml = (html: string): string => purify.sanitize(html, PURIFY_CONFIG);

  return {
    sanitizeHtml,
    // DOMPurify always runs after marked: its output never reaches the page as it is.
    renderMarkdown: (source) => sanitizeHtml(marked.parse(source, { async: false })),
  };
}

let loading: Promise<MarkdownRenderer> | null = null;

/**
 * Loads marked and DOMPurify, once: every caller waits for the same import.
 * A failed load (its chunk could not be read) is tried again on the next call.
 */
export function loadMarkdown(): Promise<MarkdownRenderer> {
  loading ??= Promise.all([import('marked'), import('dompurify')]).then(
    ([markedModule, purifyModule]) => createRenderer(markedModule.Marked, purifyModule.default),
    (cause: unknown) => {
      loading = null;
      throw cause;
    },
  );
  return loading;
}
