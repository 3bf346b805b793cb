import { describe, expect, it } from 'vitest';
import { dateRangeText, importFormatLabel, importSummary, parseMood, withMood } from './importing';

describe('import summary', () => {
  it('says what was imported and what was skipped in one sentence', () => {
    const skipped = [1, 2, 3].map((n) => ({ item: `row ${n}`, reason: 'No date.' }));
    expect(importSummary({ counts: [{ kind: 'journal entries', new: 120, alreadyImported: 0 }], skipped }, 'en')).toBe(
      'Imported 120 journal entries; 3 skipped.',
    );
  });

  it('lists several kinds, uses the singular for one, and mentions earlier imports', () => {
    const report = {
      counts: [
        { kind: 'journal entries', new: 1, alreadyImported: 4 },
        { kind: 'check-ins', new: 30, alreadyImported: 0 },
        { kind: 'setbacks', new: 0, alreadyImported: 0 },
      ],
      skipped: [],
    };
    expect(importSummary(report, 'en')).toBe('Imported 1 journal entry and 30 check-ins; 4 already imported before.');
  });

  it('says so plainly when nothing was new', () => {
    expect(importSummary({ counts: [{ kind: 'journal entries', new: 0, alreadyImported: 12 }], skipped: [] }, 'en')).toBe(
      'Nothing new was imported; 12 already imported before.',
    );
  });
});

describe('Daylio mood mapping', () => {
  it('accepts whole numbers from 1 to 10 only, naming the label in the error', () => {
    expect(parseMood('rad', '10')).toEqual({ ok: true, mood: 10 });
    expect(parseMood('rad', ' 1 ')).toEqual({ ok: true, mood: 1 });
    expect(parseMood('rad', '11')).toEqual({ ok: false, message: 'The mood for “rad” must be a whole number from 1 to 10, not “11”.' });
    expect(parseMood('meh', '5.5').ok).toBe(false);
    expect(parseMood('meh', '')).toEqual({ ok: false, message: 'The mood for “meh” must be a whole number from 1 to 10.' });
  });

  it('changes one label and keeps the order and the others', () => {
    const scale = [
      { label: 'rad', mood: 10 },
      { label: 'meh', mood: 5 },
      { label: 'awful', mood: 1 },
    ];
    const next = withMood(scale, 'meh', 6);
    expect(next).toEqual([
      { label: 'rad', mood: 10 },
      { label: 'meh', mood: 6 },
      { label: 'awful', mood: 1 },
    ]);
    expect(scale[1]?.mood, 'the shown preview is not changed behind its back').toBe(5);
  });
});

describe('import preview wording', () => {
  it('names the formats as users know them', () => {
    expect(importFormatLabel('day_one')).toBe('Day One (zip or JSON)');
    expect(importFormatLabel('daylio')).toBe('Daylio CSV');
  });

  it('gives the date range without shifting a day across time zones', () => {
    expect(dateRangeText('2023-01-01', '2024-12-31', 'en-GB')).toBe('From 1 January 2023 to 31 December 2024.');
    expect(dateRangeText('2023-01-01', '2023-01-01', 'en-GB')).toBe('All on 1 January 2023.');
    expect(dateRangeText(null, null)).toBe('');
  });
});
