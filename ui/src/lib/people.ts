// Pure helpers for the support network and the mentor brief: labels, form
// checks and drafts, and the brief's period. Nothing here talks to the
// backend or to Svelte, so every rule can be unit-tested.

import type { ConversationDraft } from './bindings/ConversationDraft';
import type { PersonDraft } from './bindings/PersonDraft';
import type { SupportKind } from './bindings/SupportKind';
import type { SupportRole } from './bindings/SupportRole';
import { addDays, isDay } from './dates';
import { labelOf } from './choices';

/** Mirrors people.rs MAX_NAME_CHARS, so the form can say so before sending. */
export const MAX_NAME_CHARS = 200;

export const SUPPORT_ROLES: ReadonlyArray<{ value: SupportRole; label: string }> = [
  { value: 'mentor', label: 'Mentor' },
  { value: 'peer', label: 'Peer' },
  { value: 'coach', label: 'Coach' },
  { value: 'friend', label: 'Friend' },
  { value: 'other', label: 'Other' },
];

/** In SupportKind's order, which is the order the backend returns them in. */
export const SUPPORT_KINDS: ReadonlyArray<{ value: SupportKind; label: string; hint: string }> = [
  { value: 'perspective', label: 'Perspective', hint: 'Helps you see the setback differently.' },
  { value: 'advice', label: 'Advice', hint: 'Says what they would do.' },
  { value: 'encouragement', label: 'Encouragement', hint: 'Keeps you going.' },
  { value: 'practical_help', label: 'Practical help', hint: 'Does something: an introduction, a review, a hand.' },
];

export function supportRoleLabel(role: SupportRole): string {
  return labelOf(SUPPORT_ROLES, role);
}

export function supportKindLabel(kind: SupportKind): string {
  return labelOf(SUPPORT_KINDS, kind);
}

export interface PersonForm {
  name: string;
  role: SupportRole;
  supportKinds: SupportKind[];
  notes: string;
}

export function validatePersonForm(form: PersonForm): { name?: string } {
  const name = form.name.trim();
  if (name === '') {
    return { name: 'Write their name, or what you call them.' };
  }
  if ([...name].length > MAX_NAME_CHARS) {
    return { name: `A name can be up to ${MAX_NAME_CHARS} characters long.` };
  }
  return {};
}

export function personDraftFrom(form: PersonForm): PersonDraft {
  return {
    name: form.name.trim(),
    role: form.role,
    // Sent in the canonical order, each once; the backend would do the same.
    supportKinds: SUPPORT_KINDS.map((k) => k.value).filter((kind) => form.supportKinds.includes(kind)),
    notes: form.notes.trim(),
  };
}

export interface ConversationForm {
  personId: number | null;
  setbackId: number | null;
  /** What the date input holds: "YYYY-MM-DD", or "" for today. */
  heldOn: string;
  whatTheySaid: string;
  whatIllTry: string;
}

export function validateConversationForm(
  form: ConversationForm,
  today: string,
): { person?: string; heldOn?: string; text?: string } {
  const errors: { person?: string; heldOn?: string; text?: string } = {};
  if (form.personId === null) {
    errors.person = 'Choose who you talked with.';
  }
  if (form.heldOn !== '' && !isDay(form.heldOn)) {
    errors.heldOn = 'Choose the day you talked, or leave it empty for today.';
  } else if (form.heldOn > today) {
    errors.heldOn = 'Log a conversation once it has happened; choose a day up to today.';
  }
  if (form.whatTheySaid.trim() === '' && form.whatIllTry.trim() === '') {
    errors.text = 'Write what they said or what you’ll try, so that the conversation is worth keeping.';
  }
  return errors;
}

/** The draft for a checked form; an empty date means today, as the backend reads it. */
export function conversationDraftFrom(form: ConversationForm & { personId: number }): ConversationDraft {
  return {
    personId: form.personId,
    setbackId: form.setbackId,
    heldOn: form.heldOn === '' ? null : form.heldOn,
    whatTheySaid: form.whatTheySaid.trim(),
    whatIllTry: form.whatIllTry.trim(),
  };
}

export interface Period {
  from: string;
  to: string;
}

export const PERIOD_PRESETS: ReadonlyArray<{ days: number; label: string }> = [
  { days: 14, label: '2 weeks' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
];

/** The brief's default: the last 30 days. */
export const DEFAULT_PERIOD_DAYS = 30;

/**
 * The last `days` days up to and including `today`: both ends are included
 * by the backend, so "30 days" starts 29 days before today.
 */
export function lastDays(today: string, days: number): Period {
  return { from: addDays(today, -(Math.max(1, Math.floor(days)) - 1)), to: today };
}

/** Which preset a period is, if any, so its quick-choice button shows as pressed. */
export function presetOf(period: Period, today: string): number | null {
  return PERIOD_PRESETS.find((p) => {
    const preset = lastDays(today, p.days);
    return preset.from === period.from && preset.to === period.to;
  })?.days ?? null;
}

/** Why a period cannot be briefed, in words, or null when it can. */
export function periodError(period: Period): string | null {
  if (!isDay(period.from) || !isDay(period.to)) {
    return 'Choose both the first and the last day of the period.';
  }
  if (period.from > period.to) {
    return 'The period ends before it starts; choose a start on or before the end.';
  }
  return null;
}
