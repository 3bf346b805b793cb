// Attached files as the text refers to them, and files pasted into the text.

import type { Attachment } from './bindings/Attachment';

/**
 * How the text refers to an attached file: a picture as an image,
 * `![name](attachment:<reference>)`, anything else as a link. Brackets and
 * backslashes are dropped from the name, so it cannot end the Markdown early.
 */
export function attachmentMarkdown(attachment: Attachment, asPicture: boolean): string {
  const name = attachment.fileName.replace(/[[\]\\]/g, '');
  const link = `[${name}](attachment:${attachment.reference})`;
  return asPicture ? `!${link}` : link;
}

/** The files a paste carries (a screenshot, a copied photo), if any. */
export function pastedFiles(data: DataTransfer | null): File[] {
  return data === null ? [] : [...data.files];
}

/**
 * A name for a pasted file that has none (browsers call every pasted
 * screenshot `image.png`): `pasted-<local date>-<local time>.<type>`.
 */
export function pastedFileName(file: File, now: Date): string {
  if (file.name !== '' && file.name !== 'image.png') {
    return file.name;
  }
  const extension = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
  const two = (value: number): string => String(value).padStart(2, '0');
  const day = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}`;
  const time = `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `pasted-${day}-${time}.${extension}`;
}

/** The bytes of `file` as base64, the way they cross to the backend. */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: one String.fromCharCode call per byte would be slow, one for all would overflow the stack.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** A box on screen, in CSS pixels from the window's top-left corner (a `DOMRect`). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Which of the attachment areas `boxes` files dropped at (`x`, `y`) go to:
 * the one under the pointer, or else the only one on screen (`width` ×
 * `height`); none when no area is on screen, or several are and the pointer
 * is over none of them.
 */
export function dropTarget(boxes: Box[], x: number, y: number, width: number, height: number): number | null {
  const under = boxes.findIndex((box) => x >= box.left && x < box.right && y >= box.top && y < box.bottom);
  if (under !== -1) {
    return under;
  }
  const onScreen = boxes
    .map((box, index) => ({ box, index }))
    .filter(
      ({ box }) =>
        box.right > box.left && box.bottom > box.top && box.right > 0 && box.bottom > 0 && box.left < width && box.top < height,
    );
  return onScreen.length === 1 ? (onScreen[0]?.index ?? null) : null;
}

/** What to say of dropped files that were not attached (core names each and says why). */
export function refusalText(refused: string[], dropped: number): string {
  const head =
    refused.length === dropped
      ? dropped === 1
        ? "Couldn't attach the file"
        : `Couldn't attach the ${dropped} files`
      : `Couldn't attach ${refused.length} of the ${dropped} files`;
  return `${head}: ${refused.join(' ')}`;
}

/** What is said while dropped files are being attached. */
export function attachingText(names: string[]): string {
  return names.length === 1 ? `Attaching ${names[0]}…` : `Attaching ${names.length} files…`;
}
