// How backups are described to the user: why each was made, when, how big.

import type { BackupInfo } from './bindings/BackupInfo';
import type { BackupReason } from './bindings/BackupReason';
import { formatLongInstant } from './format';

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

/** The question asked before a restore. */
export function restoreQuestion(backup: BackupInfo, locale?: string, timeZone?: string): string {
  return `Your current journal will be backed up first, then replaced by the backup of ${formatLongInstant(backup.createdAt, locale, timeZone)}.`;
}

export const RETENTION_TEXT = 'Kept: 7 daily, 4 weekly, 12 monthly.';
