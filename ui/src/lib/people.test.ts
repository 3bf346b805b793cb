import { describe, expect, it } from 'vitest';
import {
  conversationDraftFrom,
  lastDays,
  periodError,
  personDraftFrom,
  presetOf,
  validateConversationForm,
  validatePersonForm,
} from './people';

describe('mentor brief period', () => {
  it('counts today as one of the last N days', () => {
    expect(lastDays('2025-03-31', 30)).toEqual({ from: '2025-03-02', to: '2025-03-31' });
    expect(lastDays('2025-03-14', 14)).toEqual({ from: '2025-03-01', to: '2025-03-14' });
    expect(lastDays('2025-03-31', 90)).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(lastDays('2024-03-01', 2)).toEqual({ from: '2024-02-29', to: '2024-03-01' });
    expect(lastDays('2025-03-31', 0)).toEqual({ from: '2025-03-31', to: '2025-03-31' });
  });

  it('recognises a preset, so its quick choice shows as pressed', () => {
    expect(presetOf(lastDays('2025-03-31', 30), '2025-03-31')).toBe(30);
    expect(presetOf(lastDays('2025-03-31', 14), '2025-03-31')).toBe(14);
    expect(presetOf({ from: '2025-03-01', to: '2025-03-31' }, '2025-03-31')).toBeNull();
    // Yesterday's "30 days" is not today's.
    expect(presetOf(lastDays('2025-03-30', 30), '2025-03-31')).toBeNull();
  });

  it('explains a period that cannot be briefed', () => {
    expect(periodError({ from: '2025-03-01', to: '2025-03-31' })).toBeNull();
    expect(periodError({ from: '2025-03-01', to: '2025-03-01' })).toBeNull();
    expect(periodError({ from: '', to: '2025-03-31' })).toMatch(/both/);
    expect(periodError({ from: '2025-04-01', to: '2025-03-31' })).toMatch(/ends before it starts/);
  });
});

describe('person form', () => {
  it('requires a name and sends kinds in canonical order, each once', () => {
    expect(validatePersonForm({ name: '  ', role: 'peer', supportKinds: [], notes: '' }).name).toMatch(/name/);
    expect(validatePersonForm({ name: 'x'.repeat(201), role: 'peer', supportKinds: [], notes: '' }).name).toMatch(/200/);
    expect(
      personDraftFrom({ name: ' Amara ', role: 'mentor', supportKinds: ['practical_help', 'perspective', 'practical_help'], notes: ' hi ' }),
    ).toEqual({ name: 'Amara', role: 'mentor', supportKinds: ['perspective', 'practical_help'], notes: 'hi' });
  });
});

describe('conversation form', () => {
  const form = { personId: 1, setbackId: null, heldOn: '2025-03-10', whatTheySaid: 'Try again.', whatIllTry: '' };

  it('needs a person, a day up to today and something worth keeping', () => {
    expect(validateConversationForm(form, '2025-03-14')).toEqual({});
    const errors = validateConversationForm(
      { ...form, personId: null, heldOn: '2025-03-15', whatTheySaid: ' ', whatIllTry: '' },
      '2025-03-14',
    );
    expect(Object.keys(errors).sort()).toEqual(['heldOn', 'person', 'text']);
    expect(validateConversationForm({ ...form, whatTheySaid: '', whatIllTry: 'Ask early.' }, '2025-03-14')).toEqual({});
  });

  it('sends an empty date as null, meaning today in the user’s zone', () => {
    expect(conversationDraftFrom({ ...form, heldOn: '', setbackId: 4, whatIllTry: ' Ask early. ' })).toEqual({
      personId: 1,
      setbackId: 4,
      heldOn: null,
      whatTheySaid: 'Try again.',
      whatIllTry: 'Ask early.',
    });
  });
});
