import { describe, expect, it } from 'vitest';
import { addDays, normalizeLocalDateTime, nowInZone } from './dates';
import { excerptOf, isEmptyDraft, parseTags, upsertSummary } from './entries';
import type { EntrySummary } from './bindings/EntrySummary';

const summary = (id: number, localDateTime: string, title = `t${id}`): EntrySummary => ({
  id,
  title,
  excerpt: '',
  localDateTime,
  timeZone: 'UTC',
  mood: null,
  tags: [],
});

describe('entry helpers', () => {
  it('parses comma-separated tags without blanks or duplicates', () => {
    expect(parseTags(' work, health ,, Work,learning ')).toEqual(['work', 'health', 'learning']);
    expect(parseTags('')).toEqual([]);
  });

  it('treats a draft with only whitespace as empty', () => {
    const draft = { title: ' ', body: '\n', localDateTime: null, timeZone: null, mood: null, tags: [] };
    expect(isEmptyDraft(draft)).toBe(true);
    expect(isEmptyDraft({ ...draft, mood: 2 })).toBe(false);
    expect(isEmptyDraft({ ...draft, tags: ['x'] })).toBe(false);
  });

  it('makes a plain-text excerpt from Markdown', () => {
    expect(excerptOf('# Title\n\nSome **bold** [link](x.md) text')).toBe('Title Some bold link text');
    expect(excerptOf('a'.repeat(300)).length).toBe(160);
  });

  it('updates a list item in place and inserts new ones newest first', () => {
    const list = [summary(3, '2025-03-03T10:00'), summary(1, '2025-03-01T10:00')];
    const renamed = upsertSummary(list, summary(1, '2025-03-01T10:00', 'renamed'), true);
    expect(renamed.map((e) => e.title)).toEqual(['t3', 'renamed']);

    const inserted = upsertSummary(list, summary(2, '2025-03-02T09:00'), true);
    expect(inserted.map((e) => e.id)).toEqual([3, 2, 1]);

    expect(upsertSummary(list, summary(9, '2025-03-09T09:00'), false).map((e) => e.id)).toEqual([3, 1]);

    const moved = upsertSummary(list, summary(1, '2025-03-04T10:00'), true);
    expect(moved.map((e) => e.id)).toEqual([1, 3]);
  });
});

describe('date helpers', () => {
  it('moves days across month and year boundaries', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('normalises datetime-local values to minutes', () => {
    expect(normalizeLocalDateTime('2025-03-01T08:05:30')).toBe('2025-03-01T08:05');
    expect(normalizeLocalDateTime('')).toBeNull();
  });

  it('computes wall-clock time in a given zone', () => {
    const instant = new Date(Date.UTC(2025, 0, 15, 23, 30));
    expect(nowInZone('UTC', instant)).toBe('2025-01-15T23:30');
    expect(nowInZone('Asia/Tokyo', instant)).toBe('2025-01-16T08:30');
  });
});
