// Makes sure `navigator.language` is a language tag that `Intl` accepts.
//
// WebKitGTK passes the process's POSIX locale through: under LANG=C (common on minimal
// systems and in services) `navigator.language` is "C", which is not a BCP 47 tag, and
// `new Intl.NumberFormat("C")` throws a RangeError. uPlot builds such a formatter when its
// module loads, so one bad locale would leave the whole window blank. "C" means "no
// preference", so it is read as American English, the formatting `Intl` falls back to.

/** A language tag `Intl` accepts in place of the POSIX "C" or any other invalid one. */
export const FALLBACK_LANGUAGE = 'en-US';

function isUsable(tag: string | undefined): boolean {
  if (tag === undefined || tag === '') {
    return false;
  }
  try {
    return Intl.getCanonicalLocales(tag).length > 0;
  } catch {
    return false;
  }
}

/**
 * Replaces `target.language` (and unusable `target.languages`) with the fallback when `Intl`
 * would refuse it. Returns true if it had to.
 */
export function ensureUsableLanguage(target: { language: string; languages?: readonly string[] }): boolean {
  if (isUsable(target.language)) {
    return false;
  }
  const languages = (target.languages ?? []).filter(isUsable);
  Object.defineProperty(target, 'language', { value: languages[0] ?? FALLBACK_LANGUAGE, configurable: true });
  Object.defineProperty(target, 'languages', {
    value: languages.length > 0 ? languages : [FALLBACK_LANGUAGE],
    configurable: true,
  });
  return true;
}

if (typeof navigator !== 'undefined') {
  ensureUsableLanguage(navigator);
}
