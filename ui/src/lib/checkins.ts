// Daily check-ins, recovery check-ins and the Brief Resilience Scale: form
// validation, drafts and the wording of a BRS score.

import type { CheckInDraft } from './bindings/CheckInDraft';
import type { DailyCheckIn } from './bindings/DailyCheckIn';

/** As bound to number inputs: a number, or null (or "") when empty. */
export interface CheckInForm {
  mood: number | string | null;
  confidence: number | string | null;
  energy: number | string | null;
  note: string;
}

export const EMPTY_CHECK_IN: CheckInForm = { mood: null, confidence: null, energy: null, note: '' };

type Parsed = { ok: true; value: number | null } | { ok: false; message: string };

/** A 1–10 field; `optional` lets it be empty (null). */
export function parseScale(raw: string | number | null | undefined, label: string, optional = false, min = 1, max = 10): Parsed {
  const text = raw === null || raw === undefined ? '' : String(raw).trim();
  if (text === '') {
    return optional ? { ok: true, value: null } : { ok: false, message: `${label}: choose a number from ${min} to ${max}.` };
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    return { ok: false, message: `${label}: a whole number from ${min} to ${max}.` };
  }
  return { ok: true, value };
}

export type CheckInErrors = Partial<Record<'mood' | 'confidence' | 'energy', string>>;

/** The check-in's three 1–10 fields, in the order the form shows them. */
export const CHECK_IN_SCALES: ReadonlyArray<{ key: keyof CheckInErrors; label: string; optional: boolean }> = [
  { key: 'mood', label: 'Mood', optional: false },
  { key: 'confidence', label: 'Confidence', optional: false },
  { key: 'energy', label: 'Energy', optional: true },
];

/** The draft to send (now, in the backend's zone), or what to fix. */
export function checkInDraftFrom(form: CheckInForm): { ok: true; draft: CheckInDraft } | { ok: false; errors: CheckInErrors } {
  const mood = parseScale(form.mood, 'Mood');
  const confidence = parseScale(form.confidence, 'Confidence');
  const energy = parseScale(form.energy, 'Energy', true);
  const errors: CheckInErrors = {};
  if (!mood.ok) errors.mood = mood.message;
  if (!confidence.ok) errors.confidence = confidence.message;
  if (!energy.ok) errors.energy = energy.message;
  if (!mood.ok || !confidence.ok || !energy.ok || mood.value === null || confidence.value === null) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    draft: { mood: mood.value, confidence: confidence.value, energy: energy.value, note: form.note.trim(), localDateTime: null, timeZone: null },
  };
}

/** The check-ins made on `today` ("YYYY-MM-DD"), earliest first. */
export function checkInsOn(list: readonly DailyCheckIn[], today: string): DailyCheckIn[] {
  return list.filter((c) => c.localDateTime.startsWith(today)).sort((a, b) => (a.localDateTime < b.localDateTime ? -1 : a.localDateTime > b.localDateTime ? 1 : a.id - b.id));
}

export function checkInSummary(c: DailyCheckIn): string {
  const parts = [`mood ${c.mood}`];
  // A check-in imported from Daylio has no confidence; saying nothing beats "confidence null".
  if (c.confidence !== null) {
    parts.push(`confidence ${c.confidence}`);
  }
  if (c.energy !== null) {
    parts.push(`energy ${c.energy}`);
  }
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------
// Brief Resilience Scale (Smith et al., 2008)
// ---------------------------------------------------------------------------

export const BRS_CITATION =
  'Smith, B. W., Dalen, J., Wiggins, K., Tooley, E., Christopher, P., & Bernard, J. (2008). The brief resilience scale: assessing the ability to bounce back.';
export const BRS_JOURNAL = 'International Journal of Behavioral Medicine';
export const BRS_JOURNAL_DETAIL = ', 15(3), 194–200.';

export const BRS_CHOICES: ReadonlyArray<{ value: number; label: string }> = [
  { value: 1, label: 'Strongly disagree' },
  { value: 2, label: 'Disagree' },
  { value: 3, label: 'Neutral' },
  { value: 4, label: 'Agree' },
  { value: 5, label: 'Strongly agree' },
];

/**
 * The band the scale's authors suggest (1.00–2.99 low, 3.00–4.30 normal,
 * 4.31–5.00 high), said gently: it describes this month, not the person.
 */
export function brsBand(score: number): string {
  if (score < 3) {
    return 'on the lower side this time — bouncing back feels harder right now, which is worth being kind to yourself about';
  }
  if (score <= 4.3) {
    return 'in the usual range';
  }
  return 'on the high side — bouncing back comes fairly easily to you at the moment';
}

/** Which BRS answers are still missing, as 1-based item numbers. */
export function missingBrsItems(answers: ReadonlyArray<number | null | undefined>, count = 6): number[] {
  const missing: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = answers[i];
    if (a === null || a === undefined) {
      missing.push(i + 1);
    }
  }
  return missing;
}
