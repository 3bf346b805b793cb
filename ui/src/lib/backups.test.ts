import { describe, expect, it } from 'vitest';
import type { BackupReason } from './bindings/BackupReason';
import { backupReasonText, restoreQuestion } from './backups';

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

  it('asks before a restore with the date of the backup', () => {
    const backup = { id: 'b1', createdAt: '2025-03-14T17:20:00Z', reason: 'daily' as const, sizeBytes: 10, encrypted: false };
    expect(restoreQuestion(backup, 'en-GB', 'Europe/Berlin')).toBe(
      'Your current journal will be backed up first, then replaced by the backup of 14 March 2025 at 18:20.',
    );
  });
});
