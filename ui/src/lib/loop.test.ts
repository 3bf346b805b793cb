import { describe, expect, it } from 'vitest';
import {
  addFeeling,
  addFeelingWords,
  dueText,
  lessonWordingFrom,
  moveItem,
  parseCoolDownHours,
  planText,
  readyAtText,
  removeFeeling,
  setbackDraftFrom,
  shiftRows,
  statusIfAnswered,
  validateLessonForm,
  validateSetbackForm,
  validateTemplateDraft,
  type SetbackForm,
} from './loop';

const form = (over: Partial<SetbackForm> = {}): SetbackForm => ({
  title: 'Missed the deadline',
  whatHappened: ' Submitted late. ',
  when: '2025-03-14T18:20',
  timeZone: 'Europe/Berlin',
  areaId: null,
  impact: 5,
  control: 'some',
  feelings: [],
  entryIds: [],
  coolDownHours: null,
  ...over,
});

describe('stage and date wording', () => {
  it('says when a setback is ready to reflect on', () => {
    expect(readyAtText('2025-01-10T12:00:00Z', 'Europe/Berlin')).toMatch(/^Ready to reflect from /);
  });

  it('words revisit dates without "overdue"', () => {
    expect(dueText('2025-03-14', '2025-03-14')).toBe('due today');
    expect(dueText('2025-03-15', '2025-03-14')).toBe('due tomorrow');
    expect(dueText('2025-03-20', '2025-03-14')).toBe('due in 6 days');
    expect(dueText('2025-03-13', '2025-03-14')).toBe('due yesterday');
    expect(dueText('2025-02-28', '2025-03-02')).toBe('due 2 days ago');
  });
});

describe('feeling shift rows', () => {
  it('describes each change in words as well as numbers', () => {
    const rows = shiftRows([
      { emotion: 'disappointed', before: 80, after: 40 },
      { emotion: 'anxious', before: 30, after: 50 },
      { emotion: 'sad', before: 20, after: 20 },
      { emotion: 'hurt', before: 60, after: null },
      { emotion: 'relieved', before: null, after: 40 },
    ]);
    expect(rows.map((r) => [r.emotion, r.before, r.after, r.summary, r.direction])).toEqual([
      ['disappointed', '80', '40', 'eased by 40', 'eased'],
      ['anxious', '30', '50', 'grew by 20', 'grew'],
      ['sad', '20', '20', 'unchanged', 'same'],
      ['hurt', '60', '—', 'not re-rated', 'not-rerated'],
      ['relieved', '—', '40', 'new now', 'new'],
    ]);
    expect(rows[0]?.change).toBe(-40);
  });
});

describe('feelings', () => {
  it('refuses the same emotion twice in any case, as the backend does', () => {
    let list = addFeeling([], 'Angry', 70);
    list = addFeeling(list, ' angry ');
    expect(list).toEqual([{ emotion: 'Angry', intensity: 70 }]);
    expect(removeFeeling(list, 'ANGRY')).toEqual([]);
  });

  it('adds comma-separated own words at the default intensity', () => {
    expect(addFeelingWords([], 'tired, numb,, Tired')).toEqual([
      { emotion: 'tired', intensity: 50 },
      { emotion: 'numb', intensity: 50 },
    ]);
  });
});

describe('setback form', () => {
  it('requires a title and a time up to now', () => {
    expect(validateSetbackForm(form(), '2025-03-15T09:00')).toEqual({});
    const errors = validateSetbackForm(form({ title: '  ', when: '2025-03-16T10:00' }), '2025-03-15T09:00');
    expect(errors.title).toBeDefined();
    expect(errors.when).toMatch(/already happened/);
    expect(validateSetbackForm(form({ when: '' }), '2025-03-15T09:00').when).toBeDefined();
    expect(validateSetbackForm(form({ impact: 11 }), '2025-03-15T09:00').impact).toBeDefined();
  });

  it('builds the draft the backend expects', () => {
    const draft = setbackDraftFrom(
      form({ when: '2025-03-14T18:20:33', feelings: [{ emotion: 'sad', intensity: 40.6 }] }),
    );
    expect(draft).toEqual({
      title: 'Missed the deadline',
      whatHappened: 'Submitted late.',
      localDateTime: '2025-03-14T18:20',
      timeZone: 'Europe/Berlin',
      areaId: null,
      impact: 5,
      control: 'some',
      feelings: [{ emotion: 'sad', intensity: 41 }],
      entryIds: [],
      coolDownHours: null,
    });
  });
});

describe('lessons', () => {
  it('needs text, and both parts of an if–then plan or neither', () => {
    expect(validateLessonForm({ text: 'Start early', ifSituation: '', thenAction: '' })).toEqual({});
    expect(validateLessonForm({ text: ' ', ifSituation: '', thenAction: '' }).text).toBeDefined();
    expect(validateLessonForm({ text: 'x', ifSituation: 'a deadline nears', thenAction: ' ' }).plan).toMatch(
      /then I will/,
    );
    expect(validateLessonForm({ text: 'x', ifSituation: '', thenAction: 'start' }).plan).toMatch(/if/);
  });

  it('sends empty plan parts as null', () => {
    expect(lessonWordingFrom({ text: ' x ', ifSituation: ' ', thenAction: '' })).toEqual({
      text: 'x',
      ifSituation: null,
      thenAction: null,
    });
    expect(planText('a deadline nears', 'start the budget')).toBe(
      'If a deadline nears, then I will start the budget',
    );
    expect(planText(null, 'x')).toBeNull();
  });

  it('reads what an answer would do from the backend, answer by answer', () => {
    const lesson = { statusAfter: { yes: 'validated', partly: 'applied', notYet: 'untested', notRelevant: 'revised' } } as const;
    expect(statusIfAnswered(lesson, 'yes')).toBe('validated');
    expect(statusIfAnswered(lesson, 'partly')).toBe('applied');
    expect(statusIfAnswered(lesson, 'not_yet')).toBe('untested');
    expect(statusIfAnswered(lesson, 'not_relevant')).toBe('revised');
  });
});

describe('settings helpers', () => {
  it('moves items up and down within bounds', () => {
    expect(moveItem([1, 2, 3], 1, -1)).toEqual([2, 1, 3]);
    expect(moveItem([1, 2, 3], 1, 1)).toEqual([1, 3, 2]);
    expect(moveItem([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(moveItem([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });

  it('checks template drafts', () => {
    expect(validateTemplateDraft({ name: 'Mine', description: '', prompts: [{ text: 'Why?', kind: 'text' }] })).toEqual(
      [],
    );
    expect(validateTemplateDraft({ name: ' ', description: '', prompts: [] })).toHaveLength(2);
    expect(
      validateTemplateDraft({ name: 'x', description: '', prompts: [{ text: ' ', kind: 'rating' }] })[0],
    ).toMatch(/Prompt 1/);
  });

  it('parses the cool-down hours', () => {
    expect(parseCoolDownHours(' 48 ')).toEqual({ ok: true, hours: 48 });
    expect(parseCoolDownHours('1.5').ok).toBe(false);
    expect(parseCoolDownHours('721').ok).toBe(false);
    expect(parseCoolDownHours('').ok).toBe(false);
  });
});
