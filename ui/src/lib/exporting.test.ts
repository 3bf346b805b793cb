import { describe, expect, it } from 'vitest';
import { copyText, savedMessage } from './exporting';

describe('copyText', () => {
  it('writes the text and says so', async () => {
    let written = '';
    const result = await copyText('# Brief', { writeText: async (text) => void (written = text) });
    expect(result).toEqual({ ok: true, message: 'Copied' });
    expect(written).toBe('# Brief');
  });

  it('reports a refused or missing clipboard in words', async () => {
    const refused = await copyText('x', {
      writeText: async () => {
        throw new DOMException('Write permission denied.', 'NotAllowedError');
      },
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/Couldn’t copy to the clipboard \(Write permission denied\.\)/);
    const missing = await copyText('x', null);
    expect(missing.ok).toBe(false);
    expect(missing.message).toMatch(/Save to a file/);
  });
});

describe('savedMessage', () => {
  it('names the saved path, and says nothing when the dialog was cancelled', () => {
    expect(savedMessage('/home/a/brief.md')).toBe('Saved to /home/a/brief.md');
    expect(savedMessage(null)).toBe('');
  });
});
