// Fake privacy, backup, import/export and first-run commands for the mock
// harness, close enough to the backend's rules (names and shapes from the
// IPC contract) to show every screen and refusal.
//
// URL parameters: ?encrypted (journal encrypted, open), ?locked (encrypted and
// locked at start), ?damaged (moved aside at start; ?nobackup: no good backup),
// ?unavailable (written by a newer version), ?welcome (first run), ?oldkey (the
// backups were made with another passphrase, "old passphrase"), ?noexport (the
// Save dialog is cancelled). The mock passphrase is "correct horse battery".

import { emit } from '@tauri-apps/api/event';
import type { AppError } from '../src/lib/bindings/AppError';
import type { BackupInfo } from '../src/lib/bindings/BackupInfo';
import type { BackupReason } from '../src/lib/bindings/BackupReason';
import type { ErrorCode } from '../src/lib/bindings/ErrorCode';
import type { ImportFormat } from '../src/lib/bindings/ImportFormat';
import type { ImportOptions } from '../src/lib/bindings/ImportOptions';
import type { ImportPreview } from '../src/lib/bindings/ImportPreview';
import type { ImportReport } from '../src/lib/bindings/ImportReport';
import type { JournalStatus } from '../src/lib/bindings/JournalStatus';
import type { MoodMapping } from '../src/lib/bindings/MoodMapping';
import type { SecurityStatus } from '../src/lib/bindings/SecurityStatus';

const PASSPHRASE_FOR_MOCK = 'correct horse battery';
const OLD_PASSPHRASE = 'old passphrase';

let passphrase: string | null = null;
let locked = false;
let autoLockMinutes: number | null = 15;
let welcome = false;
let status: JournalStatus = { state: 'open', message: null, movedAsideTo: null, newestGoodBackup: null };
let backups: BackupInfo[] = [];
let pending: { format: ImportFormat; scale: MoodMapping[] } | null = null;
let exportCancelled = false;
let oldKey = false;
let nextBackup = 1;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fail = (code: ErrorCode, message: string): AppError => ({ code, message });

function backup(reason: BackupReason, hoursAgo: number, sizeBytes: number): BackupInfo {
  return {
    id: `backup-${nextBackup++}`,
    createdAt: new Date(Date.now() - hoursAgo * 3600_000).toISOString(),
    reason,
    sizeBytes,
    encrypted: passphrase !== null,
  };
}

export function seedPrivacy(params: URLSearchParams): void {
  if (params.has('encrypted') || params.has('locked')) {
    passphrase = PASSPHRASE_FOR_MOCK;
  }
  locked = params.has('locked');
  welcome = params.has('welcome');
  exportCancelled = params.has('noexport');
  oldKey = params.has('oldkey');
  backups = [
    backup('manual', 2, 1_843_200),
    backup('daily', 20, 1_830_000),
    backup('before_import', 44, 1_510_000),
    backup('daily', 24 * 3, 1_500_000),
    backup('before_migration', 24 * 9, 1_420_000),
    backup('before_encryption_change', 24 * 40, 1_300_000),
  ];
  if (params.has('damaged')) {
    status = {
      state: 'damaged',
      message: 'The journal file failed its integrity check when it was opened (database disk image is malformed).',
      movedAsideTo: '/home/user/.local/share/org.failingup.journal/damaged/journal-2025-03-15T09-30-12.sqlite3',
      newestGoodBackup: params.has('nobackup') ? null : (backups[1] ?? null),
    };
    if (params.has('nobackup')) backups = [];
  } else if (params.has('unavailable')) {
    status = {
      state: 'unavailable',
      message: 'This journal was saved by a newer version of Failing Up (schema 12; this version knows up to 9). Please update the app to open it.',
      movedAsideTo: null,
      newestGoodBackup: null,
    };
  }
}

// What the mock "file" holds for each format.
function previewFor(format: ImportFormat, scale: MoodMapping[]): ImportPreview {
  const base = { format, firstDate: '2021-04-02', lastDate: '2024-11-30', moodScale: [] as MoodMapping[] };
  switch (format) {
    case 'failing_up':
      return {
        ...base,
        counts: [
          { kind: 'journal entries', new: 120, alreadyImported: 4 },
          { kind: 'setbacks', new: 12, alreadyImported: 0 },
          { kind: 'lessons', new: 9, alreadyImported: 0 },
          { kind: 'check-ins', new: 340, alreadyImported: 0 },
        ],
        skipped: [],
        notes: ['Reflection templates with the same name as yours are kept as they are.'],
      };
    case 'jrnl':
      return {
        ...base,
        counts: [{ kind: 'journal entries', new: 120, alreadyImported: 0 }],
        skipped: [
          { item: 'entry 12 (2023-02-30)', reason: 'The date 2023-02-30 does not exist.' },
          { item: 'entry 40', reason: 'The entry has no text.' },
          { item: 'entry 77', reason: 'The entry is longer than 1,000,000 characters.' },
        ],
        notes: ['jrnl stores no time zone: times are read as Europe/Berlin, your current zone.', 'Starred entries get the tag “starred”.'],
      };
    case 'day_one':
      return {
        ...base,
        counts: [{ kind: 'journal entries', new: 56, alreadyImported: 0 }],
        skipped: [{ item: 'entry 3', reason: 'Photos are not imported; the text is.' }],
        notes: ['12 photos and 2 audio recordings are not imported.'],
      };
    case 'daylio': {
      const moodOf = (label: string): number => scale.find((m) => m.label === label)?.mood ?? 5;
      const lowMoods = scale.filter((m) => m.mood <= 3).length;
      return {
        ...base,
        counts: [
          { kind: 'check-ins', new: 700 - lowMoods * 10, alreadyImported: 0 },
          { kind: 'journal entries', new: 210, alreadyImported: 0 },
        ],
        skipped: [{ item: 'row 8', reason: `The mood “sleepy” has no number (now ${moodOf('sleepy')}).` }],
        moodScale: scale,
        notes: ['Activities become tags on the journal entries.'],
      };
    }
  }
}

const DAYLIO_SCALE: MoodMapping[] = [
  { label: 'rad', mood: 10 },
  { label: 'good', mood: 8 },
  { label: 'meh', mood: 5 },
  { label: 'bad', mood: 3 },
  { label: 'awful', mood: 1 },
  { label: 'sleepy', mood: 4 },
];

// Commands that work while the journal is locked.
const WHILE_LOCKED = new Set(['security_status', 'unlock', 'journal_status', 'app_info', 'welcome_state']);

/** Answers a privacy command, throws `locked` for others while locked, or undefined to pass on. */
export function handlePrivacy(cmd: string, args: Record<string, unknown>): unknown {
  if (locked && !WHILE_LOCKED.has(cmd)) {
    throw fail('locked', 'Your journal is locked. Unlock it with your passphrase.');
  }
  switch (cmd) {
    case 'journal_status':
      return locked ? { ...status, state: 'locked' } : status;
    case 'security_status': {
      const security: SecurityStatus = { encrypted: passphrase !== null, locked, autoLockMinutes: locked || passphrase === null ? null : autoLockMinutes };
      return security;
    }
    case 'unlock':
      return (async () => {
        await sleep(900);
        if (args.passphrase !== passphrase) throw fail('wrong_passphrase', 'That passphrase does not open this journal.');
        locked = false;
        void emit('journal-unlocked', null);
        return null;
      })();
    case 'lock':
      if (passphrase === null) throw fail('invalid_input', 'The journal is not encrypted, so it cannot be locked.');
      locked = true;
      void emit('journal-locked', null);
      return null;
    case 'enable_encryption':
      return (async () => {
        const next = String(args.passphrase ?? '');
        if ([...next].length < 8) throw fail('invalid_input', `A passphrase needs at least 8 characters; this one has ${[...next].length}.`);
        await sleep(1500);
        backups.unshift(backup('before_encryption_change', 0, 1_850_000));
        passphrase = next;
        return null;
      })();
    case 'change_passphrase':
      return (async () => {
        await sleep(1000);
        if (args.current !== passphrase) throw fail('wrong_passphrase', 'That passphrase does not open this journal.');
        backups.unshift(backup('before_passphrase_change', 0, 1_850_000));
        passphrase = String(args.next);
        return null;
      })();
    case 'disable_encryption':
      return (async () => {
        await sleep(1000);
        if (args.passphrase !== passphrase) throw fail('wrong_passphrase', 'That passphrase does not open this journal.');
        backups.unshift(backup('before_encryption_change', 0, 1_850_000));
        passphrase = null;
        return null;
      })();
    case 'set_auto_lock':
      autoLockMinutes = (args.minutes as number | null) ?? null;
      return null;
    case 'note_activity':
      return null;
    case 'start_fresh_journal':
      status = { state: 'open', message: null, movedAsideTo: null, newestGoodBackup: null };
      return null;
    case 'list_backups':
      return backups;
    case 'create_backup': {
      const made = backup('manual', 0, 1_851_392);
      backups.unshift(made);
      return made;
    }
    case 'restore_backup':
      return (async () => {
        const found = backups.find((b) => b.id === args.id);
        if (!found) throw fail('not_found', 'That backup no longer exists.');
        if (oldKey && found.encrypted && args.passphrase !== OLD_PASSPHRASE) {
          throw fail('wrong_passphrase', 'That passphrase does not open this backup.');
        }
        await sleep(800);
        status = { state: 'open', message: null, movedAsideTo: null, newestGoodBackup: null };
        return null;
      })();
    case 'export_json':
      return exportCancelled ? null : '/home/user/Documents/failing-up-2025-03-15.json';
    case 'export_markdown':
      return exportCancelled ? null : args.asZip ? '/home/user/Documents/failing-up-2025-03-15.zip' : '/home/user/Documents/Failing Up export 2025-03-15';
    case 'choose_import': {
      const format = args.format as ImportFormat;
      pending = { format, scale: format === 'daylio' ? DAYLIO_SCALE.map((m) => ({ ...m })) : [] };
      return previewFor(format, pending.scale);
    }
    case 'preview_import': {
      if (pending === null) throw fail('invalid_input', 'No file is waiting to be imported; choose one first.');
      const options = args.options as ImportOptions;
      if (pending.format === 'daylio') pending.scale = options.moodScale.map((m) => ({ ...m }));
      return previewFor(pending.format, pending.scale);
    }
    case 'apply_import':
      return (async () => {
        if (pending === null) throw fail('invalid_input', 'No file is waiting to be imported; choose one first.');
        await sleep(700);
        const preview = previewFor(pending.format, pending.scale);
        pending = null;
        backups.unshift(backup('before_import', 0, 1_852_000));
        const report: ImportReport = { format: preview.format, counts: preview.counts, skipped: preview.skipped };
        return report;
      })();
    case 'cancel_import':
      pending = null;
      return null;
    case 'welcome_state':
      return welcome;
    case 'finish_welcome':
      welcome = false;
      return null;
    case 'reveal_data_folder':
      return null;
    default:
      return undefined;
  }
}
