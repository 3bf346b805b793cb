// How backups are described to the user: why each was made, when, how big.

import type { BackupInfo } from './bindings/BackupInfo';
import type { BackupReason } from './bindings/BackupReason';

const REASONS: Record<BackupReason, string> = {
  daily: 'Daily backup',
  manual: 'Made by you',
  before_migration: 'Before an app update',
  before_import: 'Before an import',
  before_passphrase_change: 'Before the passphrase was changed',
  before_encryption_change: 'Before encryption was turned on or off',
  before_restore: 'Before a restore',
};

/** Why a backup was made, in words. */
export function backupReasonText(reason: BackupReason): string {
  // A reason added by a newer backend still reads as words rather than a code.
  return REASONS[reason] ?? 'Backup';
}

/** A file size in the user's locale: "812 bytes", "48.2 KB", "3.1 MB". */
export function formatBytes(bytes: number, locale?: string): string {
  const number = (value: number, digits: number): string =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
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

/**
 * When a backup was made, in the user's locale and zone ("14 March 2025 at
 * 18:20"); the raw text if it is not a date, so nothing is hidden.
 */
export function formatBackupDate(createdAt: string, locale?: string, timeZone?: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) {
    return createdAt;
  }
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
  } catch {
    // An unknown zone name falls back to the system's own.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
  }
}

/** The question asked before a restore. */
export function restoreQuestion(backup: BackupInfo, locale?: string, timeZone?: string): string {
  return `Your current journal will be backed up first, then replaced by the backup of ${formatBackupDate(backup.createdAt, locale, timeZone)}.`;
}

export const RETENTION_TEXT = 'Kept: 7 daily, 4 weekly, 12 monthly.';
