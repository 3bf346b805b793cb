import { describe, expect, it } from 'vitest';
import { attachingText, attachmentMarkdown, base64Of, dropTarget, pastedFileName, refusalText } from './attachments';

const attachment = {
  reference: '0123456789abcdef0123456789abcdef',
  fileName: 'build [failed].png',
  mediaType: 'image/png',
  sizeBytes: 10,
  addedAt: '2026-12-03T10:00:00Z',
  picture: true,
  thumbnail: false,
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

describe('dropTarget', () => {
  const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

  it('chooses the area under the pointer', () => {
    const areas = [box(0, 0, 100, 100), box(0, 200, 100, 300)];
    expect(dropTarget(areas, 50, 250, 800, 600)).toBe(1);
    expect(dropTarget(areas, 50, 50, 800, 600)).toBe(0);
  });

  it('chooses the only area on screen wherever the files are dropped, and none when that is ambiguous', () => {
    expect(dropTarget([box(400, 500, 700, 560)], 20, 30, 800, 600)).toBe(0);
    // Scrolled out of sight, or hidden (an empty box): not on screen.
    expect(dropTarget([box(400, 700, 700, 760), box(400, 500, 700, 560)], 20, 30, 800, 600)).toBe(1);
    expect(dropTarget([box(0, 0, 0, 0)], 20, 30, 800, 600)).toBe(null);
    expect(dropTarget([box(0, 0, 100, 100), box(0, 200, 100, 300)], 500, 500, 800, 600)).toBe(null);
    expect(dropTarget([], 500, 500, 800, 600)).toBe(null);
  });
});

describe('refusalText', () => {
  it('says how many of the dropped files were not attached, then why each was not', () => {
    expect(refusalText(['“a.png” is named as a PNG picture, but its content is a PDF document.'], 3)).toBe(
      "Couldn't attach 1 of the 3 files: “a.png” is named as a PNG picture, but its content is a PDF document.",
    );
    expect(refusalText(['“Scans” is a folder; attach the files in it instead.'], 1)).toBe(
      "Couldn't attach the file: “Scans” is a folder; attach the files in it instead.",
    );
    expect(refusalText(['one.', 'two.'], 2)).toBe("Couldn't attach the 2 files: one. two.");
  });
});

describe('attachingText', () => {
  it('names one file and counts several', () => {
    expect(attachingText(['letter.pdf'])).toBe('Attaching letter.pdf…');
    expect(attachingText(['a.pdf', 'b.png'])).toBe('Attaching 2 files…');
  });
});
