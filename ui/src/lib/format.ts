// How dates, times and numbers are shown: the one place that formats them.
//
// Stored days ("YYYY-MM-DD") and wall-clock times ("YYYY-MM-DDTHH:MM") are
// placed on a UTC date and formatted in UTC, so the browser's own zone can
// never move them; instants (RFC 3339) are shown in the user's zone.

import { parseDay, parseLocalDateTime } from './dates';

// Building an Intl formatter is far dearer than using one (WebKit builds ICU's
// patterns each time): a list of fifty entries would build a hundred at once.
// Each locale and set of options gets one, kept for the app's life; there are
// a few dozen such sets in all.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: unknown[], build: () => T): T {
  const text = JSON.stringify(key);
  let format = formatters.get(text);
  if (format === undefined) {
    format = build();
    formatters.set(text, format);
  }
  return format as T;
}

function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(['date', locale ?? null, options], () => new Intl.DateTimeFormat(locale, options));
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(['number', locale ?? null, options], () => new Intl.NumberFormat(locale, options));
}

/** Formats with `options` in `timeZone`; an unknown zone name falls back to the system's own. */
function inZone(date: Date, options: Intl.DateTimeFormatOptions, timeZone: string | undefined, locale?: string): string {
  try {
    return dateFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    return dateFormat(locale, options).format(date);
  }
}

/** Formats a stored day with `options`, or gives it back as it is when it is not a day. */
function dayWith(day: string, options: Intl.DateTimeFormatOptions, locale?: string): string {
  const date = parseDay(day);
  return date === null ? day : dateFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
}

/** "Mon, 3 Mar 2025, 14:05" for a stored wall-clock string, shown as stored. */
export function formatLocalDateTime(value: string): string {
  const date = parseLocalDateTime(value);
  if (date === null) {
    return value;
  }
  return dateFormat(undefined, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** "Monday, 3 March 2025" for a "YYYY-MM-DD" day. */
export function formatDay(day: string): string {
  return dayWith(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "3 March 2026" for a "YYYY-MM-DD" day. */
export function formatLongDay(day: string, locale?: string): string {
  return dayWith(day, { day: 'numeric', month: 'long', year: 'numeric' }, locale);
}

/** "4 Mar 2025" for a "YYYY-MM-DD" day. */
export function formatShortDay(day: string): string {
  return dayWith(day, { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * An RFC 3339 instant as the user's wall clock in `timeZone` shows it, e.g.
 * "Tue, 4 Mar 2025, 14:05". An unknown zone falls back to the browser's own,
 * which is still the user's desk clock.
 */
export function formatInstant(instant: string, timeZone: string, withYear = true): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return instant;
  }
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  if (withYear) {
    options.year = 'numeric';
  }
  return inZone(date, options, timeZone);
}

/** "14 March 2025 at 18:20": an instant with the date in full, or the raw text if it is not a date. */
export function formatLongInstant(instant: string, locale?: string, timeZone?: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : inZone(date, { dateStyle: 'long', timeStyle: 'short' }, timeZone, locale);
}

/** "Tue, 4 Mar": an instant's day in `timeZone`, for dates close to now. */
export function formatNearDay(date: Date, timeZone: string): string {
  return inZone(date, { weekday: 'short', day: 'numeric', month: 'short' }, timeZone);
}

/** "24 hours", "1 hour", "3 days": a cool-down length, in whole days when it is some. */
export function hoursText(hours: number): string {
  if (hours !== 0 && hours % 24 === 0) {
    return daysText(hours / 24);
  }
  return wholeHoursText(hours);
}

/** "5 hours" under two days, then "2.5 days": a measured duration. */
export function formatHours(hours: number): string {
  if (hours < 48) {
    return wholeHoursText(Math.round(hours));
  }
  return daysText(hours / 24);
}

function wholeHoursText(hours: number): string {
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** "1 day", "2.5 days". */
export function daysText(days: number): string {
  const text = formatOneDecimal(days);
  return text === '1' ? '1 day' : `${text} days`;
}

/** A number to at most one decimal, in the user's locale. */
export function formatOneDecimal(n: number): string {
  return numberFormat(undefined, { maximumFractionDigits: 1 }).format(Math.round(n * 10) / 10);
}

/** "+0.6", "−1.3", "0": a change, with a real minus sign. */
export function signed(n: number): string {
  const text = formatOneDecimal(Math.abs(n));
  if (text === '0') {
    return '0';
  }
  return n > 0 ? `+${text}` : `−${text}`;
}

/** "3.67": a Brief Resilience Scale score, to the scale's own precision. */
export function brsScoreText(score: number): string {
  return score.toFixed(2);
}

/** A whole count in the user's locale: "1,200". */
export function formatCount(count: number, locale?: string): string {
  return numberFormat(locale).format(count);
}

/** A file size in the user's locale: "812 bytes", "48.2 KB", "3.1 MB". */
export function formatBytes(bytes: number, locale?: string): string {
  const number = (value: number, digits: number): string =>
    numberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) {
    return `${number(bytes, 0)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${number(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}
