// Copying and saving the Markdown documents (the mentor brief, the failure
// résumé). Saving happens in Rust behind a native Save dialog; copying uses
// the web clipboard, which can be missing or refused, so both outcomes are
// turned into sentences the panel can show.

export type CopyResult = { ok: true; message: string } | { ok: false; message: string };

interface Clipboardish {
  writeText(text: string): Promise<void>;
}

/**
 * Writes `text` to the clipboard (the web view's own unless another is given;
 * null stands for none), reporting the outcome in words.
 */
export async function copyText(
  text: string,
  clipboard: Clipboardish | null = globalThis.navigator?.clipboard ?? null,
): Promise<CopyResult> {
  if (clipboard === null || typeof clipboard.writeText !== 'function') {
    return {
      ok: false,
      message: 'Copying isn’t available here. Use “Save to a file…” instead, or select the preview and copy it.',
    };
  }
  try {
    await clipboard.writeText(text);
    return { ok: true, message: 'Copied' };
  } catch (error) {
    // DOMException is not an Error in every engine, so the message is read by shape.
    const raw = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    const reason = typeof raw === 'string' && raw.trim() !== '' ? ` (${raw.trim()})` : '';
    return {
      ok: false,
      message: `Couldn’t copy to the clipboard${reason}. Try again, or use “Save to a file…” instead.`,
    };
  }
}

/** What to say after a save: where it went, or nothing when the user cancelled the dialog. */
export function savedMessage(path: string | null): string {
  return path === null ? '' : `Saved to ${path}`;
}
