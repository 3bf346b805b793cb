import { describe, expect, it } from 'vitest';
import {
  buildSearchQuery,
  describeNoResults,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  hitTarget,
  kindsWithoutArea,
  moveActive,
  splitSnippet,
} from './search';

const S = HIGHLIGHT_START;
const E = HIGHLIGHT_END;

describe('splitSnippet', () => {
  it('splits the markers into plain and highlighted parts, in order', () => {
    expect(splitSnippet(`a ${S}deadline${E} and ${S}dead${E}lines…`)).toEqual([
      { text: 'a ', highlight: false },
      { text: 'deadline', highlight: true },
      { text: ' and ', highlight: false },
      { text: 'dead', highlight: true },
      { text: 'lines…', highlight: false },
    ]);
  });

  it('returns one plain part when nothing is marked, and nothing for an empty snippet', () => {
    expect(splitSnippet('no markers here')).toEqual([{ text: 'no markers here', highlight: false }]);
    expect(splitSnippet('')).toEqual([]);
  });

  it('keeps user text that looks like HTML as text, never as markup', () => {
    const parts = splitSnippet(`…budget first. ${S}<script>alert("x")${E} run")</script> &amp;`);
    expect(parts).toEqual([
      { text: '…budget first. ', highlight: false },
      { text: '<script>alert("x")', highlight: true },
      { text: ' run")</script> &amp;', highlight: false },
    ]);
    // The parts are plain strings: rendered as text nodes they stay literal.
    const mark = document.createElement('mark');
    mark.textContent = parts[1]?.text ?? '';
    expect(mark.querySelector('script')).toBeNull();
    expect(mark.textContent).toBe('<script>alert("x")');
  });

  it('copes with malformed markers: an unclosed start, a stray end, adjacent highlights', () => {
    expect(splitSnippet(`x ${S}open to the end`)).toEqual([
      { text: 'x ', highlight: false },
      { text: 'open to the end', highlight: true },
    ]);
    expect(splitSnippet(`stray${E} end`)).toEqual([{ text: 'stray end', highlight: false }]);
    expect(splitSnippet(`${S}a${E}${S}b${E}`)).toEqual([{ text: 'ab', highlight: true }]);
  });

  it('keeps characters outside the Basic Multilingual Plane whole', () => {
    expect(splitSnippet(`🎯 ${S}goal${E}`)).toEqual([
      { text: '🎯 ', highlight: false },
      { text: 'goal', highlight: true },
    ]);
  });
});

describe('buildSearchQuery', () => {
  const base = { text: '  budget  ', kinds: [], areaId: null, from: '', to: '' };

  it('trims the text and sends no filters when none are chosen', () => {
    expect(buildSearchQuery(base)).toEqual({
      ok: true,
      query: { text: 'budget', kinds: [], areaId: null, tag: null, from: null, to: null, limit: 50 },
    });
  });

  it('sends nothing, and says nothing, for blank text', () => {
    expect(buildSearchQuery({ ...base, text: '   ' })).toEqual({ ok: false, message: null });
  });

  it('puts kinds in canonical order, each once, and passes area and dates', () => {
    const built = buildSearchQuery(
      { ...base, kinds: ['goal', 'entry', 'goal'], areaId: 3, from: '2025-03-01', to: '2025-03-31' },
      20,
    );
    expect(built).toEqual({
      ok: true,
      query: { text: 'budget', kinds: ['entry', 'goal'], areaId: 3, tag: null, from: '2025-03-01', to: '2025-03-31', limit: 20 },
    });
  });

  it('ignores a half-typed date and refuses a range that ends before it starts', () => {
    const partial = buildSearchQuery({ ...base, from: '2025-0' });
    expect(partial.ok && partial.query.from).toBeNull();
    const backwards = buildSearchQuery({ ...base, from: '2025-04-01', to: '2025-03-01' });
    expect(backwards.ok).toBe(false);
    expect(!backwards.ok && backwards.message).toMatch(/ends before it starts/);
  });
});

describe('describeNoResults', () => {
  const query = { text: 'budget', kinds: [], areaId: null, tag: null, from: null, to: null, limit: 50 };
  const day = (d: string): string => `<${d}>`;

  it('names every kind when none is chosen', () => {
    expect(describeNoResults(query, null, day)).toBe('No entries, setbacks, reflections, lessons or goals match “budget”.');
  });

  it('names the chosen kinds, the area and the dates', () => {
    expect(
      describeNoResults({ ...query, kinds: ['lesson', 'setback'], from: '2025-03-01', to: '2025-03-31' }, 'Career', day),
    ).toBe('No setbacks or lessons in Career match “budget” between <2025-03-01> and <2025-03-31>.');
    expect(describeNoResults({ ...query, kinds: ['goal'], to: '2025-03-31' }, null, day)).toBe(
      'No goals match “budget” up to <2025-03-31>.',
    );
    expect(describeNoResults({ ...query, kinds: ['entry'], from: '2025-03-01' }, null, day)).toBe(
      'No entries match “budget” from <2025-03-01> on.',
    );
  });
});

describe('kindsWithoutArea', () => {
  it('names the chosen kinds that have no area', () => {
    expect(kindsWithoutArea([])).toBe('entries and goals');
    expect(kindsWithoutArea(['goal', 'setback'])).toBe('goals');
    expect(kindsWithoutArea(['setback', 'lesson'])).toBe('');
  });
});

describe('hitTarget', () => {
  it('opens each kind in its view, and a reflection in its setback', async () => {
    const lookup = async (id: number): Promise<number> => id * 10;
    expect(await hitTarget({ kind: 'entry', id: 1 }, lookup)).toEqual({ view: 'journal', entryId: 1 });
    expect(await hitTarget({ kind: 'setback', id: 2 }, lookup)).toEqual({ view: 'setbacks', setbackId: 2 });
    expect(await hitTarget({ kind: 'reflection', id: 3 }, lookup)).toEqual({ view: 'setbacks', setbackId: 30 });
    expect(await hitTarget({ kind: 'lesson', id: 4 }, lookup)).toEqual({ view: 'lessons', lessonId: 4 });
    expect(await hitTarget({ kind: 'goal', id: 5 }, lookup)).toEqual({ view: 'goals', goalId: 5 });
  });
});

describe('moveActive', () => {
  it('moves through the results and wraps round', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'Home')).toBe(0);
    expect(moveActive(1, 3, 'End')).toBe(2);
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});
