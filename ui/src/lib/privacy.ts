// The UI's own rules for passphrases and auto-lock: what the forms check
// before anything is sent, and the words shown beside the fields. The backend
// checks the minimum length again; checking here lets the form say what is
// wrong next to the field, before a slow key derivation starts.

export const MIN_PASSPHRASE_LENGTH = 8;

/** Characters as a person counts them (an emoji is one, not two UTF-16 units). */
export function passphraseLength(text: string): number {
  return [...text].length;
}

export type PassphraseStrength = 'too_short' | 'fair' | 'good' | 'strong';

/** How strong a new passphrase looks by its length, and what to say about it. */
export function passphraseStrength(text: string): { level: PassphraseStrength; hint: string } {
  const length = passphraseLength(text);
  if (length < MIN_PASSPHRASE_LENGTH) {
    const missing = MIN_PASSPHRASE_LENGTH - length;
    return {
      level: 'too_short',
      hint: `At least ${MIN_PASSPHRASE_LENGTH} characters: ${missing} more to go. Longer phrases are better.`,
    };
  }
  if (length < 14) {
    return {
      level: 'fair',
      hint: 'Long enough. Longer phrases are better: four or five unrelated words are easy to remember and hard to guess.',
    };
  }
  if (length < 20) {
    return { level: 'good', hint: 'Good. A few more words would make it stronger still.' };
  }
  return { level: 'strong', hint: 'Strong: a long phrase is the best protection.' };
}

export type PassphraseField = 'next' | 'repeat' | 'acknowledged';

export type PassphraseCheck =
  | { ok: true; passphrase: string }
  | { ok: false; field: PassphraseField; message: string };

/**
 * Checks a new passphrase as typed twice, and (when asked for) that the user
 * accepted that there is no recovery without it. The passphrase is used as
 * typed: spaces are part of it, so nothing is trimmed.
 */
export function checkNewPassphrase(next: string, repeat: string, acknowledged: boolean | null = null): PassphraseCheck {
  if (passphraseLength(next) < MIN_PASSPHRASE_LENGTH) {
    return {
      ok: false,
      field: 'next',
      message: `The new passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters; it has ${passphraseLength(next)}.`,
    };
  }
  if (next !== repeat) {
    return { ok: false, field: 'repeat', message: 'The two passphrases are not the same. Type the new one again.' };
  }
  if (acknowledged === false) {
    return {
      ok: false,
      field: 'acknowledged',
      message: 'Tick the box to confirm you understand there is no recovery without the passphrase.',
    };
  }
  return { ok: true, passphrase: next };
}

/** The choices of "Lock after idle", in minutes; null is "Off". */
export const AUTO_LOCK_CHOICES: ReadonlyArray<{ minutes: number | null; label: string }> = [
  { minutes: null, label: 'Off' },
  { minutes: 5, label: '5 minutes' },
  { minutes: 15, label: '15 minutes' },
  { minutes: 30, label: '30 minutes' },
  { minutes: 60, label: '60 minutes' },
];

/** The `<select>` value for a number of minutes ("off" for none). */
export function autoLockValue(minutes: number | null): string {
  return minutes === null ? 'off' : String(minutes);
}

/** Minutes from a `<select>` value; null for "off" or anything that is not a whole number of minutes. */
export function parseAutoLock(value: string): number | null {
  if (value === 'off' || !/^\d+$/.test(value)) {
    return null;
  }
  const minutes = Number(value);
  return minutes >= 1 && minutes <= 1440 ? minutes : null;
}

/**
 * The choices to offer: the fixed ones, plus the stored value if it is not
 * among them (set elsewhere), so that the select never shows a wrong value.
 */
export function autoLockChoices(current: number | null): ReadonlyArray<{ minutes: number | null; label: string }> {
  if (AUTO_LOCK_CHOICES.some((choice) => choice.minutes === current)) {
    return AUTO_LOCK_CHOICES;
  }
  const extra = { minutes: current, label: `${current} ${current === 1 ? 'minute' : 'minutes'}` };
  return [...AUTO_LOCK_CHOICES, extra].sort((a, b) => (a.minutes ?? 0) - (b.minutes ?? 0));
}
