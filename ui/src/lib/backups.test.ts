import { describe, expect, it } from 'vitest';
import type { BackupReason } from './bindings/BackupReason';
import { backupReasonText, formatBackupDate, formatBytes, restoreQuestion } from './backups';

describe('backup wording', () => {
  it('names every reason in words, never as a code', () => {
    const reasons: BackupReason[] = [
      'daily',
      'manual',
      'before_migration',
      'before_import',
      'before_passphrase_change',
      'before_encryption_change',
      'before_restore',
    ];
    for (const reason of reasons) {
      const text = backupReasonText(reason);
      expect(text, `${reason} reads as words`).not.toContain('_');
      expect(text.length).toBeGreaterThan(3);
    }
    expect(backupReasonText('before_import')).toBe('Before an import');
    expect(backupReasonText('unknown' as BackupReason), 'a reason from a newer backend still reads as words').toBe('Backup');
  });

  it('gives sizes in bytes, KB and MB', () => {
    expect(formatBytes(1, 'en')).toBe('1 byte');
    expect(formatBytes(812, 'en')).toBe('812 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(48_300, 'en')).toBe('47 KB');
    expect(formatBytes(3.25 * 1024 * 1024, 'en')).toBe('3.3 MB');
  });

  it('dates a backup in the user locale and zone', () => {
    expect(formatBackupDate('2025-03-14T17:20:00Z', 'en-GB', 'Europe/Berlin')).toBe('14 March 2025 at 18:20');
    expect(formatBackupDate('not a date', 'en-GB')).toBe('not a date');
  });

  it('asks before a restore with the date of the backup', () => {
    const backup = { id: 'b1', createdAt: '2025-03-14T17:20:00Z', reason: 'daily' as const, sizeBytes: 10, encrypted: false };
    expect(restoreQuestion(backup, 'en-GB', 'Europe/Berlin')).toBe(
      'Your current journal will be backed up first, then replaced by the backup of 14 March 2025 at 18:20.',
    );
  });
});
