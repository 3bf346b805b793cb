import { describe, expect, it } from 'vitest';
import type { DailyCheckIn } from './bindings/DailyCheckIn';
import { brsBand, checkInDraftFrom, checkInsOn, checkInSummary, missingBrsItems, parseScale } from './checkins';

const checkIn = (id: number, localDateTime: string, energy: number | null = null): DailyCheckIn => ({
  id,
  mood: 6,
  confidence: 5,
  energy,
  note: '',
  localDateTime,
  timeZone: 'Europe/Berlin',
  createdAt: '2026-01-01T00:00:00Z',
});

describe('daily check-in form', () => {
  it('builds a draft for now, with energy optional and the note trimmed', () => {
    expect(checkInDraftFrom({ mood: 7, confidence: '6', energy: null, note: '  good run ' })).toEqual({
      ok: true,
      draft: { mood: 7, confidence: 6, energy: null, note: 'good run', localDateTime: null, timeZone: null },
    });
  });

  it('asks for mood and confidence, 1 to 10, whole numbers', () => {
    const result = checkInDraftFrom({ mood: null, confidence: 11, energy: 2.5, note: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['confidence', 'energy', 'mood']);
    }
    expect(parseScale('0', 'Mood')).toMatchObject({ ok: false });
    expect(parseScale('', 'Energy', true)).toEqual({ ok: true, value: null });
    expect(parseScale(0, 'Recovered', false, 0, 10)).toEqual({ ok: true, value: 0 });
  });

  it("lists today's check-ins, earliest first", () => {
    const list = [checkIn(3, '2026-03-05T20:00'), checkIn(1, '2026-03-04T09:00'), checkIn(2, '2026-03-05T08:00', 7)];
    expect(checkInsOn(list, '2026-03-05').map((c) => c.id)).toEqual([2, 3]);
    expect(checkInSummary(list[2]!)).toBe('mood 6 · confidence 5 · energy 7');
  });

  it('leaves confidence out of the summary of a check-in imported without one', () => {
    const imported: DailyCheckIn = { ...checkIn(4, '2026-03-05T07:00'), confidence: null };
    expect(checkInSummary(imported), 'a Daylio check-in must not read "confidence null"').toBe('mood 6');
  });
});

describe('Brief Resilience Scale', () => {
  it('describes the score with a gentle band', () => {
    expect(brsBand(2.99)).toMatch(/lower side/);
    expect(brsBand(3)).toBe('in the usual range');
    expect(brsBand(4.3)).toBe('in the usual range');
    expect(brsBand(4.5)).toMatch(/high side/);
  });

  it('names the statements still unanswered', () => {
    expect(missingBrsItems([1, undefined, 3, null, 5, 2])).toEqual([2, 4]);
    expect(missingBrsItems([])).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
