import { describe, expect, it } from 'vitest';
import { ensureUsableLanguage, FALLBACK_LANGUAGE } from './locale-guard';

describe('ensureUsableLanguage', () => {
  it('replaces the POSIX "C" locale, which Intl refuses, so number formatting works', () => {
    const fake = { language: 'C', languages: ['C'] };
    expect(() => new Intl.NumberFormat(fake.language)).toThrow(RangeError);
    expect(ensureUsableLanguage(fake)).toBe(true);
    expect(fake.language).toBe(FALLBACK_LANGUAGE);
    expect(() => new Intl.NumberFormat(fake.language).format(1234.5)).not.toThrow();
  });

  it('prefers another usable language the user listed', () => {
    const fake = { language: 'C', languages: ['C', 'de-DE'] };
    ensureUsableLanguage(fake);
    expect(fake.language).toBe('de-DE');
    expect(fake.languages).toEqual(['de-DE']);
  });

  it('leaves a valid language alone', () => {
    const fake = { language: 'fr-CA', languages: ['fr-CA'] };
    expect(ensureUsableLanguage(fake)).toBe(false);
    expect(fake.language).toBe('fr-CA');
  });
});
