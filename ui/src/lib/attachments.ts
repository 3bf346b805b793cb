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
