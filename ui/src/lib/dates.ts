// Date helpers for the journal's wall-clock strings.
//
// The backend speaks in local wall-clock strings ("YYYY-MM-DDTHH:MM" and
// "YYYY-MM-DD") tied to an IANA time zone, not in instants. These helpers
// keep that model: they never reinterpret a stored time in the browser's own
// zone, which may differ from the zone an entry was written in.

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The wall-clock day ("YYYY-MM-DD") and time ("HH:MM") of `date` in
 * `timeZone`. An unknown zone name must not break a view; it falls back to
 * the browser's own clock, which is what the user sees on their desk anyway.
 */
export function wallClockParts(date: Date, timeZone: string): { day: string; time: string } {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { ...options, timeZone }).formatToParts(date);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', options).formatToParts(date);
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The current wall-clock time in `timeZone`, as "YYYY-MM-DDTHH:MM". */
export function nowInZone(timeZone: string, now: Date = new Date()): string {
  const { day, time } = wallClockParts(now, timeZone);
  return `${day}T${time}`;
}

/** Today's date in `timeZone`, as "YYYY-MM-DD". */
export function todayInZone(timeZone: string, now: Date = new Date()): string {
  return nowInZone(timeZone, now).slice(0, 10);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

export function isDay(value: string): boolean {
  return DAY_PATTERN.test(value);
}

/** Moves a "YYYY-MM-DD" day by whole days, across months and years. */
export function addDays(day: string, delta: number): string {
  const m = DAY_PATTERN.exec(day);
  if (!m) {
    return day;
  }
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + delta));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Normalises what a datetime-local input reports (which may include seconds)
 * to the backend's "YYYY-MM-DDTHH:MM", or null when it is not a date-time.
 */
export function normalizeLocalDateTime(value: string): string | null {
  const m = DATETIME_PATTERN.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` : null;
}

/** A "YYYY-MM-DD" day as midnight UTC (so formatting it in UTC never moves it), or null. */
export function parseDay(day: string): Date | null {
  const m = DAY_PATTERN.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** A wall-clock "YYYY-MM-DDTHH:MM" placed on a UTC date, or null. */
export function parseLocalDateTime(value: string): Date | null {
  const m = DATETIME_PATTERN.exec(value);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))) : null;
}
