import { describe, expect, it } from 'vitest';
import { attachmentMarkdown, base64Of, pastedFileName } from './attachments';

const attachment = {
  reference: '0123456789abcdef0123456789abcdef',
  fileName: 'build [failed].png',
  mediaType: 'image/png',
  sizeBytes: 10,
  addedAt: '2026-12-03T10:00:00Z',
  picture: true,
};

describe('attachmentMarkdown', () => {
  it('refers to a picture as an image and to other files as a link, with a name that cannot break out', () => {
    expect(attachmentMarkdown(attachment, true)).toBe('![build failed.png](attachment:0123456789abcdef0123456789abcdef)');
    expect(attachmentMarkdown({ ...attachment, fileName: 'a\\b.pdf' }, false)).toBe(
      '[ab.pdf](attachment:0123456789abcdef0123456789abcdef)',
    );
  });
});

describe('pastedFileName', () => {
  it('keeps a real name and names a nameless screenshot by the time it was pasted', () => {
    const now = new Date(2026, 11, 3, 10, 4, 5); // local time, as the user reads it
    expect(pastedFileName(new File([], 'letter.pdf', { type: 'application/pdf' }), now)).toBe('letter.pdf');
    expect(pastedFileName(new File([], 'image.png', { type: 'image/png' }), now)).toBe('pasted-20261203-100405.png');
    expect(pastedFileName(new File([], '', { type: 'image/jpeg' }), now)).toBe('pasted-20261203-100405.jpg');
  });
});

describe('base64Of', () => {
  it('encodes every byte, in files larger than one slice', async () => {
    const bytes = new Uint8Array(100_000).map((_, index) => index % 256);
    const decoded = Uint8Array.from(atob(await base64Of(new Blob([bytes]))), (char) => char.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
