import { describe, expect, it } from 'vitest';
import {
  AUTO_LOCK_CHOICES,
  autoLockChoices,
  autoLockValue,
  checkNewPassphrase,
  parseAutoLock,
  passphraseStrength,
} from './privacy';

describe('new passphrase form', () => {
  it('refuses fewer than 8 characters and says how many there are', () => {
    const check = checkNewPassphrase('short', 'short', true);
    expect(check).toEqual({
      ok: false,
      field: 'next',
      message: 'The new passphrase needs at least 8 characters; it has 5.',
    });
  });

  it('counts characters as people do, so emoji are not counted twice', () => {
    expect(checkNewPassphrase('🙂🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂').ok, 'seven emoji are seven characters').toBe(false);
  });

  it('refuses two different passphrases', () => {
    const check = checkNewPassphrase('correct horse', 'correct hors', true);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.field, 'the error sits at the repeat field').toBe('repeat');
  });

  it('requires the no-recovery acknowledgement when the form has one', () => {
    const check = checkNewPassphrase('correct horse', 'correct horse', false);
    expect(check.ok === false && check.field).toBe('acknowledged');
    expect(checkNewPassphrase('correct horse', 'correct horse', true)).toEqual({ ok: true, passphrase: 'correct horse' });
    expect(checkNewPassphrase('correct horse', 'correct horse').ok, 'a change of passphrase has no checkbox').toBe(true);
  });

  it('keeps spaces, which are part of the passphrase', () => {
    expect(checkNewPassphrase('  eight ch  ', '  eight ch  ')).toEqual({ ok: true, passphrase: '  eight ch  ' });
  });

  it('says how far a short passphrase is from the minimum and that longer is better', () => {
    expect(passphraseStrength('abc')).toEqual({
      level: 'too_short',
      hint: 'At least 8 characters: 5 more to go. Longer phrases are better.',
    });
    expect(passphraseStrength('abcdefgh').level).toBe('fair');
    expect(passphraseStrength('abcdefgh').hint).toContain('Longer phrases are better');
    expect(passphraseStrength('four words make phrase').level).toBe('strong');
  });
});

describe('lock after idle', () => {
  it('offers Off, 5, 15, 30 and 60 minutes', () => {
    expect(AUTO_LOCK_CHOICES.map((c) => c.label)).toEqual(['Off', '5 minutes', '15 minutes', '30 minutes', '60 minutes']);
  });

  it('turns select values into minutes, and anything odd into off', () => {
    expect(parseAutoLock(autoLockValue(15))).toBe(15);
    expect(parseAutoLock(autoLockValue(null))).toBeNull();
    expect(parseAutoLock('0')).toBeNull();
    expect(parseAutoLock('1441')).toBeNull();
    expect(parseAutoLock('5.5')).toBeNull();
  });

  it('shows a stored value that is not a standard choice rather than a wrong one', () => {
    expect(autoLockChoices(15)).toBe(AUTO_LOCK_CHOICES);
    expect(autoLockChoices(90).map((c) => c.minutes)).toEqual([null, 5, 15, 30, 60, 90]);
  });
});
