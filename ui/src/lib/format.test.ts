import { describe, expect, it } from 'vitest';
import * as format from './format';

describe('days and times', () => {
  it('formats a stored wall-clock time without shifting it', () => {
    expect(format.formatLocalDateTime('2025-01-15T23:30')).toMatch(/23:30|11:30/);
    expect(format.formatLocalDateTime('2025-01-15T23:30')).toContain('15');
  });

  it('shows a stored day as it is, whatever the browser zone', () => {
    expect(format.formatLongDay('2026-03-03', 'en-GB')).toBe('3 March 2026');
    expect(format.formatShortDay('2026-03-03')).toContain('2026');
    expect(format.formatShortDay('not a day')).toBe('not a day');
  });

  it('shows an instant in the user zone, not the browser zone', () => {
    // 12:00 UTC is 13:00 in Berlin and 07:00 in New York in winter.
    expect(format.formatInstant('2025-01-10T12:00:00Z', 'Europe/Berlin')).toMatch(/13:00|1:00/);
    expect(format.formatInstant('2025-01-10T12:00:00Z', 'America/New_York')).toMatch(/07:00|7:00/);
    expect(format.formatLongInstant('2025-03-14T17:20:00Z', 'en-GB', 'Europe/Berlin')).toBe('14 March 2025 at 18:20');
  });

  it('falls back gracefully for an unknown zone or a bad instant', () => {
    expect(format.formatInstant('2025-01-10T12:00:00Z', 'Not/AZone')).not.toBe('');
    expect(format.formatInstant('nonsense', 'UTC')).toBe('nonsense');
    expect(format.formatLongInstant('not a date', 'en-GB')).toBe('not a date');
  });
});

describe('durations and numbers', () => {
  it('says cool-downs in days when they are whole days', () => {
    expect(format.hoursText(24)).toBe('1 day');
    expect(format.hoursText(72)).toBe('3 days');
    expect(format.hoursText(1)).toBe('1 hour');
    expect(format.hoursText(0)).toBe('0 hours');
    expect(format.hoursText(36)).toBe('36 hours');
  });

  it('says measured durations in hours under two days', () => {
    expect(format.formatHours(1)).toBe('1 hour');
    expect(format.formatHours(24)).toBe('24 hours');
    expect(format.formatHours(60)).toBe('2.5 days');
  });

  it('signs a change with a real minus and drops what rounds to zero', () => {
    expect(format.signed(0.64)).toBe('+0.6');
    expect(format.signed(-1.25)).toBe('−1.3');
    expect(format.signed(0.01)).toBe('0');
  });

  it('gives sizes in bytes, KB and MB', () => {
    expect(format.formatBytes(1, 'en')).toBe('1 byte');
    expect(format.formatBytes(812, 'en')).toBe('812 bytes');
    expect(format.formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(format.formatBytes(48_300, 'en')).toBe('47 KB');
    expect(format.formatBytes(3.25 * 1024 * 1024, 'en')).toBe('3.3 MB');
  });

  it('keeps one formatter per locale and options, never mixing them up', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(format.formatCount(1200, 'en')).toBe('1,200');
      expect(format.formatCount(1200, 'de')).toBe('1.200');
      expect(format.formatBytes(1536, 'de')).toBe('1,5 KB');
    }
  });

  it('shows a resilience score to two decimals', () => {
    expect(format.brsScoreText(22 / 6)).toBe('3.67');
    expect(format.brsScoreText(5)).toBe('5.00');
  });
});
