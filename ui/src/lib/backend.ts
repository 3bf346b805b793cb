// The one port between the web UI and the Rust backend.
//
// This is the only module that imports `@tauri-apps/api`. Components call the
// typed functions below instead of `invoke`, so that command names, argument
// shapes and error handling live in one place and can be mocked in one place.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';
import type { Entry } from './bindings/Entry';
import type { EntryDraft } from './bindings/EntryDraft';
import type { EntryPage } from './bindings/EntryPage';
import type { EntrySummary } from './bindings/EntrySummary';
import type { ErrorCode } from './bindings/ErrorCode';
import type { AnswerDraft } from './bindings/AnswerDraft';
import type { AppSettings } from './bindings/AppSettings';
import type { Area } from './bindings/Area';
import type { Conversation } from './bindings/Conversation';
import type { ConversationDraft } from './bindings/ConversationDraft';
import type { Feeling } from './bindings/Feeling';
import type { Goal } from './bindings/Goal';
import type { GoalDraft } from './bindings/GoalDraft';
import type { GoalStatus } from './bindings/GoalStatus';
import type { GoalSummary } from './bindings/GoalSummary';
import type { Lesson } from './bindings/Lesson';
import type { LessonDraft } from './bindings/LessonDraft';
import type { LessonStatus } from './bindings/LessonStatus';
import type { LessonSummary } from './bindings/LessonSummary';
import type { LessonWording } from './bindings/LessonWording';
import type { Person } from './bindings/Person';
import type { PersonDraft } from './bindings/PersonDraft';
import type { Reflection } from './bindings/Reflection';
import type { RevisitAnswer } from './bindings/RevisitAnswer';
import type { RoadmapArea } from './bindings/RoadmapArea';
import type { SearchHit } from './bindings/SearchHit';
import type { SearchQuery } from './bindings/SearchQuery';
import type { Setback } from './bindings/Setback';
import type { SetbackDraft } from './bindings/SetbackDraft';
import type { SetbackPage } from './bindings/SetbackPage';
import type { Template } from './bindings/Template';
import type { TemplateDraft } from './bindings/TemplateDraft';
import type { Today } from './bindings/Today';
import type { BrsResult } from './bindings/BrsResult';
import type { BrsStatus } from './bindings/BrsStatus';
import type { CheckInDraft } from './bindings/CheckInDraft';
import type { DailyCheckIn } from './bindings/DailyCheckIn';
import type { RecoveryCheckIn } from './bindings/RecoveryCheckIn';
import type { TrendRange } from './bindings/TrendRange';
import type { TrendsReport } from './bindings/TrendsReport';
import type { MissedReminder } from './bindings/MissedReminder';
import type { BackupInfo } from './bindings/BackupInfo';
import type { ImportFormat } from './bindings/ImportFormat';
import type { ImportOptions } from './bindings/ImportOptions';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { JournalStatus } from './bindings/JournalStatus';
import type { SecurityStatus } from './bindings/SecurityStatus';

/**
 * Every code the backend can send, as a record so that the compiler insists on
 * a new one being listed here when the generated `ErrorCode` grows; a rejection
 * with a code not listed is treated as a bridge failure, not trusted.
 */
const ERROR_CODES: Record<ErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  database_too_new: true,
  database_unavailable: true,
  storage: true,
  locked: true,
  wrong_passphrase: true,
  database_damaged: true,
  internal: true,
};

/**
 * An error reported by the backend (or by the bridge to it), always carrying
 * a code to branch on and a sentence that can be shown to the user as is.
 */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }

  /** Wraps whatever a rejected `invoke` produced into a BackendError. */
  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) {
      return raw;
    }
    if (isAppError(raw)) {
      return new BackendError(raw.code, raw.message);
    }
    // Anything else is a bug or a bridge failure (for example a missing
    // permission, which Tauri reports as a bare string). It still has to read
    // as words rather than "[object Object]".
    return new BackendError('internal', describeUnknown(raw));
  }
}

function isAppError(raw: unknown): raw is AppError {
  if (typeof raw !== 'object' || raw === null) {
    return false;
  }
  const candidate = raw as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    Object.prototype.hasOwnProperty.call(ERROR_CODES, candidate.code) &&
    typeof candidate.message === 'string'
  );
}

function describeUnknown(raw: unknown): string {
  const prefix = 'Something went wrong inside Failing Up';
  if (typeof raw === 'string' && raw.trim() !== '') {
    return `${prefix}: ${raw.trim()}`;
  }
  if (raw instanceof Error && raw.message.trim() !== '') {
    return `${prefix}: ${raw.message.trim()}`;
  }
  if (typeof raw === 'object' && raw !== null) {
    const message = (raw as Record<string, unknown>).message;
    if (typeof message === 'string' && message.trim() !== '') {
      return `${prefix}: ${message.trim()}`;
    }
    try {
      return `${prefix}: ${JSON.stringify(raw)}`;
    } catch {
      // Fall through to the generic sentence for values JSON cannot show.
    }
  }
  return `${prefix}. Please try again.`;
}

/** Errors after which the journal cannot be used at all in this session. */
export function isFatal(error: unknown): error is BackendError {
  return (
    error instanceof BackendError &&
    (error.code === 'database_too_new' || error.code === 'database_unavailable')
  );
}

/** The user-facing sentence for any error, whatever its origin. */
export function errorMessage(error: unknown): string {
  return BackendError.from(error).message;
}

/** Who wants to know when a command finds the journal locked or damaged. */
const journalProblemListeners = new Set<(code: 'locked' | 'database_damaged') => void>();

/**
 * Calls `handler` whenever any command answers `locked` (the journal was locked
 * behind the UI's back, say by the tray or auto-lock) or `database_damaged`, so
 * the shell can replace the views with the lock or repair screen at once.
 * Returns the function that stops listening.
 */
export function onJournalProblem(handler: (code: 'locked' | 'database_damaged') => void): () => void {
  journalProblemListeners.add(handler);
  return () => journalProblemListeners.delete(handler);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const error = BackendError.from(raw);
    if (error.code === 'locked' || error.code === 'database_damaged') {
      for (const listener of journalProblemListeners) {
        listener(error.code);
      }
    }
    throw error;
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

export function listEntries(cursor: string | null, limit: number): Promise<EntryPage> {
  return call<EntryPage>('list_entries', { cursor, limit });
}

export function entriesOnDay(day: string): Promise<EntrySummary[]> {
  return call<EntrySummary[]>('entries_on_day', { day });
}

export function searchEntries(query: string, limit: number): Promise<EntrySummary[]> {
  return call<EntrySummary[]>('search_entries', { query, limit });
}

export function getEntry(id: number): Promise<Entry> {
  return call<Entry>('get_entry', { id });
}

export function createEntry(draft: EntryDraft): Promise<Entry> {
  return call<Entry>('create_entry', { draft });
}

export function updateEntry(id: number, draft: EntryDraft): Promise<Entry> {
  return call<Entry>('update_entry', { id, draft });
}

export async function deleteEntry(id: number): Promise<void> {
  await call<null>('delete_entry', { id });
}

/**
 * Runs `handler` when the user asks to close the window. Then, if the handler
 * resolves to true, the backend decides what closing means: while reminders
 * are on the window is hidden and the app stays in the tray (so reminders
 * still fire); otherwise the app quits. Either way unsaved text is written
 * first (or the user is asked what to do).
 *
 * Uses the `tauri://close-requested` event listener (event listen/unlisten
 * permissions) and the `close_main_window` command.
 */
export async function onWindowClose(handler: () => Promise<boolean>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async (event) => {
    // The backend closes (or hides) the window itself, so the default of
    // destroying it here is always prevented.
    event.preventDefault();
    let mayClose = true;
    try {
      mayClose = await handler();
    } catch {
      // A handler that throws must not trap the user in a window that can
      // never close; the handler itself is responsible for saving first.
      mayClose = true;
    }
    if (mayClose) {
      await call<null>('close_main_window');
    }
  });
}

/** What a tray menu item asks the window to open. */
export type TrayAction = 'log-setback' | 'check-in';

/** Calls `handler` when a tray menu item asks the window to open a view. */
export async function onTrayAction(handler: (action: TrayAction) => void): Promise<() => void> {
  return listen<string>('tray-action', (event) => {
    if (event.payload === 'log-setback' || event.payload === 'check-in') {
      handler(event.payload);
    }
  });
}

/** Whether the app opens when the user logs in. */
export function autostartEnabled(): Promise<boolean> {
  return call<boolean>('autostart_enabled');
}

export function setAutostart(enabled: boolean): Promise<null> {
  return call<null>('set_autostart', { enabled });
}

// ---------------------------------------------------------------------------
// The failing-up loop: areas, settings, setbacks, templates, reflections,
// lessons, goals and the Today overview. Argument names are camelCase, as the
// Tauri commands expect them; results are the generated binding types.
// ---------------------------------------------------------------------------

export function listAreas(): Promise<Area[]> {
  return call<Area[]>('list_areas');
}

export function createArea(name: string): Promise<Area> {
  return call<Area>('create_area', { name });
}

export async function deleteArea(id: number): Promise<void> {
  await call<null>('delete_area', { id });
}

/** `reminders` is always present when read. */
export function getSettings(): Promise<AppSettings> {
  return call<AppSettings>('get_settings');
}

/**
 * Saves the settings and answers them as stored (times sorted, days in order).
 * Leaving `reminders` out keeps the stored reminder settings.
 */
export function updateSettings(settings: AppSettings): Promise<AppSettings> {
  return call<AppSettings>('update_settings', { settings });
}

export function listSetbacks(cursor: string | null, limit: number): Promise<SetbackPage> {
  return call<SetbackPage>('list_setbacks', { cursor, limit });
}

export function getSetback(id: number): Promise<Setback> {
  return call<Setback>('get_setback', { id });
}

export function createSetback(draft: SetbackDraft): Promise<Setback> {
  return call<Setback>('create_setback', { draft });
}

export function updateSetback(id: number, draft: SetbackDraft): Promise<Setback> {
  return call<Setback>('update_setback', { id, draft });
}

export async function deleteSetback(id: number): Promise<void> {
  await call<null>('delete_setback', { id });
}

/** `on` is a local date "YYYY-MM-DD"; null means today in the user's zone. */
export function markRecovered(id: number, on: string | null): Promise<Setback> {
  return call<Setback>('mark_recovered', { id, on });
}

export function unmarkRecovered(id: number): Promise<Setback> {
  return call<Setback>('unmark_recovered', { id });
}

export function suggestedEmotions(): Promise<string[]> {
  return call<string[]>('suggested_emotions');
}

export function listTemplates(includeHidden: boolean): Promise<Template[]> {
  return call<Template[]>('list_templates', { includeHidden });
}

export function getTemplate(id: number): Promise<Template> {
  return call<Template>('get_template', { id });
}

export function createTemplate(draft: TemplateDraft): Promise<Template> {
  return call<Template>('create_template', { draft });
}

export function updateTemplate(id: number, draft: TemplateDraft): Promise<Template> {
  return call<Template>('update_template', { id, draft });
}

export async function deleteTemplate(id: number): Promise<void> {
  await call<null>('delete_template', { id });
}

export function duplicateTemplate(id: number): Promise<Template> {
  return call<Template>('duplicate_template', { id });
}

export function setTemplateHidden(id: number, hidden: boolean): Promise<Template> {
  return call<Template>('set_template_hidden', { id, hidden });
}

/** `ids` must name every template, hidden ones included, in the new order. */
export function reorderTemplates(ids: number[]): Promise<Template[]> {
  return call<Template[]>('reorder_templates', { ids });
}

export function startReflection(setbackId: number, templateId: number): Promise<Reflection> {
  return call<Reflection>('start_reflection', { setbackId, templateId });
}

export function saveReflectionDraft(id: number, answers: AnswerDraft[]): Promise<Reflection> {
  return call<Reflection>('save_reflection_draft', { id, answers });
}

export function completeReflection(
  id: number,
  answers: AnswerDraft[],
  feelingsAfter: Feeling[],
): Promise<Reflection> {
  return call<Reflection>('complete_reflection', { id, answers, feelingsAfter });
}

export function getReflection(id: number): Promise<Reflection> {
  return call<Reflection>('get_reflection', { id });
}

export function reflectionsForSetback(setbackId: number): Promise<Reflection[]> {
  return call<Reflection[]>('reflections_for_setback', { setbackId });
}

export async function deleteReflection(id: number): Promise<void> {
  await call<null>('delete_reflection', { id });
}

export function listLessons(): Promise<LessonSummary[]> {
  return call<LessonSummary[]>('list_lessons');
}

export function lessonsForSetback(setbackId: number): Promise<LessonSummary[]> {
  return call<LessonSummary[]>('lessons_for_setback', { setbackId });
}

export function getLesson(id: number): Promise<Lesson> {
  return call<Lesson>('get_lesson', { id });
}

export function createLesson(draft: LessonDraft): Promise<Lesson> {
  return call<Lesson>('create_lesson', { draft });
}

export function updateLesson(id: number, draft: LessonDraft): Promise<Lesson> {
  return call<Lesson>('update_lesson', { id, draft });
}

export function reviseLesson(id: number, wording: LessonWording): Promise<Lesson> {
  return call<Lesson>('revise_lesson', { id, wording });
}

export function setLessonStatus(id: number, status: LessonStatus): Promise<Lesson> {
  return call<Lesson>('set_lesson_status', { id, status });
}

export async function deleteLesson(id: number): Promise<void> {
  await call<null>('delete_lesson', { id });
}

/** `dueOn` is a local date "YYYY-MM-DD". */
export function addRevisit(lessonId: number, dueOn: string): Promise<Lesson> {
  return call<Lesson>('add_revisit', { lessonId, dueOn });
}

export function moveRevisit(revisitId: number, dueOn: string): Promise<Lesson> {
  return call<Lesson>('move_revisit', { revisitId, dueOn });
}

export function removeRevisit(revisitId: number): Promise<Lesson> {
  return call<Lesson>('remove_revisit', { revisitId });
}

export function answerRevisit(revisitId: number, answer: RevisitAnswer, note: string): Promise<Lesson> {
  return call<Lesson>('answer_revisit', { revisitId, answer, note });
}

export function lessonRoadmap(): Promise<RoadmapArea[]> {
  return call<RoadmapArea[]>('lesson_roadmap');
}

export function listGoals(status: GoalStatus | null): Promise<GoalSummary[]> {
  return call<GoalSummary[]>('list_goals', { status });
}

export function getGoal(id: number): Promise<Goal> {
  return call<Goal>('get_goal', { id });
}

export function createGoal(draft: GoalDraft): Promise<Goal> {
  return call<Goal>('create_goal', { draft });
}

export function updateGoal(id: number, draft: GoalDraft): Promise<Goal> {
  return call<Goal>('update_goal', { id, draft });
}

export function goalFromLesson(lessonId: number): Promise<Goal> {
  return call<Goal>('goal_from_lesson', { lessonId });
}

export function setGoalStatus(id: number, status: GoalStatus): Promise<Goal> {
  return call<Goal>('set_goal_status', { id, status });
}

/** Pairs an output goal with a learning goal, or unpairs it with null. */
export function pairGoals(outputGoalId: number, learningGoalId: number | null): Promise<Goal> {
  return call<Goal>('pair_goals', { outputGoalId, learningGoalId });
}

export function goalCheckIn(id: number, progress: number, note: string): Promise<Goal> {
  return call<Goal>('goal_check_in', { id, progress, note });
}

export async function deleteGoal(id: number): Promise<void> {
  await call<null>('delete_goal', { id });
}

export function today(): Promise<Today> {
  return call<Today>('today');
}

// ---------------------------------------------------------------------------
// The support network, the mentor brief, the failure résumé and the unified
// search. The two save_* commands open the native Save dialog themselves and
// write the file in Rust, so the web view never needs file-system access.
// ---------------------------------------------------------------------------

export function listPeople(): Promise<Person[]> {
  return call<Person[]>('list_people');
}

export function getPerson(id: number): Promise<Person> {
  return call<Person>('get_person', { id });
}

export function createPerson(draft: PersonDraft): Promise<Person> {
  return call<Person>('create_person', { draft });
}

export function updatePerson(id: number, draft: PersonDraft): Promise<Person> {
  return call<Person>('update_person', { id, draft });
}

/**
 * Refused with `invalid_input` while the support log still holds
 * conversations with the person; the message says how many, in words.
 */
export async function deletePerson(id: number): Promise<void> {
  await call<null>('delete_person', { id });
}

export function createConversation(draft: ConversationDraft): Promise<Conversation> {
  return call<Conversation>('create_conversation', { draft });
}

export function updateConversation(id: number, draft: ConversationDraft): Promise<Conversation> {
  return call<Conversation>('update_conversation', { id, draft });
}

export async function deleteConversation(id: number): Promise<void> {
  await call<null>('delete_conversation', { id });
}

export function getConversation(id: number): Promise<Conversation> {
  return call<Conversation>('get_conversation', { id });
}

/** Newest first. */
export function conversationsWithPerson(personId: number): Promise<Conversation[]> {
  return call<Conversation[]>('conversations_with_person', { personId });
}

/** Newest first. */
export function conversationsAboutSetback(setbackId: number): Promise<Conversation[]> {
  return call<Conversation[]>('conversations_about_setback', { setbackId });
}

/** The brief for the local dates `from` to `to` ("YYYY-MM-DD", both included), as Markdown. */
export function mentorBrief(from: string, to: string): Promise<string> {
  return call<string>('mentor_brief', { from, to });
}

/** Asks where to save the brief and writes it; the saved path, or null if the user cancelled. */
export function saveMentorBrief(from: string, to: string): Promise<string | null> {
  return call<string | null>('save_mentor_brief', { from, to });
}

/** The failure résumé, as Markdown. */
export function failureResume(): Promise<string> {
  return call<string>('failure_resume');
}

/** Asks where to save the résumé and writes it; the saved path, or null if the user cancelled. */
export function saveFailureResume(): Promise<string | null> {
  return call<string | null>('save_failure_resume');
}

/** Newest first; snippets carry U+0002/U+0003 highlight markers (see lib/search.ts). */
export function search(query: SearchQuery): Promise<SearchHit[]> {
  return call<SearchHit[]>('search', { query });
}

// ---------------------------------------------------------------------------
// Check-ins, the Brief Resilience Scale, trends and the sample journal
// (docs/trends-contract.md).
// ---------------------------------------------------------------------------

/** Which journal is open: the user's own, or the generated sample. */
export type JournalKind = 'own' | 'sample';

export function logCheckIn(draft: CheckInDraft): Promise<DailyCheckIn> {
  return call<DailyCheckIn>('log_check_in', { draft });
}

/** Newest first. */
export function recentCheckIns(limit: number): Promise<DailyCheckIn[]> {
  return call<DailyCheckIn[]>('recent_check_ins', { limit });
}

export async function deleteCheckIn(id: number): Promise<void> {
  await call<null>('delete_check_in', { id });
}

/** `recovered` is 0 (not at all) to 10 (fully). */
export function logRecoveryCheckIn(setbackId: number, recovered: number): Promise<RecoveryCheckIn> {
  return call<RecoveryCheckIn>('log_recovery_check_in', { setbackId, recovered });
}

export function brsStatus(): Promise<BrsStatus> {
  return call<BrsStatus>('brs_status');
}

/** Six answers 1–5, in the order of `BrsStatus.statements`. */
export function submitBrs(answers: number[]): Promise<BrsResult> {
  return call<BrsResult>('submit_brs', { answers });
}

export function trends(range: TrendRange): Promise<TrendsReport> {
  return call<TrendsReport>('trends', { range });
}

export function journalKind(): Promise<JournalKind> {
  return call<JournalKind>('journal_kind');
}

/** Switches to a separate, generated sample journal; the user's own is untouched. */
export async function openSampleJournal(): Promise<void> {
  await call<null>('open_sample_journal');
}

/** Back to the user's own journal; the sample file is deleted. */
export async function closeSampleJournal(): Promise<void> {
  await call<null>('close_sample_journal');
}

// ---------------------------------------------------------------------------
// Reminders (crates/core/src/reminders/, docs/reminders.md). The settings
// themselves travel in `AppSettings.reminders` through get/update_settings.
// ---------------------------------------------------------------------------

/**
 * How long to pause, as the `pause_reminders` command takes it: an hour from
 * now, or until local midnight. (Not the generated `PauseLength`, whose
 * "until_tomorrow" the command does not accept.)
 */
export type PauseFor = 'hour' | 'tomorrow';

export type { MissedReminder };

/** Shows a real desktop notification, so the user can see how one looks. */
export async function sendTestNotification(): Promise<void> {
  await call<null>('send_test_notification');
}

/** RFC 3339: until when reminders are paused, or null when they are not. */
export function reminderPause(): Promise<string | null> {
  return call<string | null>('reminder_pause');
}

/** Pauses reminders; answers until when (RFC 3339). */
export function pauseReminders(until: PauseFor): Promise<string | null> {
  return call<string | null>('pause_reminders', { until });
}

export async function resumeReminders(): Promise<void> {
  await call<null>('resume_reminders');
}

/**
 * Reminders that fell due while the app was closed for 12 hours or more (or
 * while paused): listed in Today, never shown as notifications. Latest first.
 */
export function missedReminders(): Promise<MissedReminder[]> {
  return call<MissedReminder[]>('missed_reminders');
}

// ---------------------------------------------------------------------------
// Privacy, backups, import and export, first run (the commands live in
// src-tauri/src/commands/privacy.rs and transfer.rs).
// ---------------------------------------------------------------------------

/** Works while locked. */
export function securityStatus(): Promise<SecurityStatus> {
  return call<SecurityStatus>('security_status');
}

/** Opens the encrypted journal; answers `wrong_passphrase` when it does not fit. */
export async function unlock(passphrase: string): Promise<void> {
  await call<null>('unlock', { passphrase });
}

/** Closes the journal; every other command then answers `locked`. */
export async function lock(): Promise<void> {
  await call<null>('lock');
}

/** Encrypts the journal (a backup is made first); can take seconds. */
export async function enableEncryption(passphrase: string): Promise<void> {
  await call<null>('enable_encryption', { passphrase });
}

export async function changePassphrase(current: string, next: string): Promise<void> {
  await call<null>('change_passphrase', { current, next });
}

export async function disableEncryption(passphrase: string): Promise<void> {
  await call<null>('disable_encryption', { passphrase });
}

/** Minutes of idleness before the journal locks itself; null turns auto-lock off. */
export async function setAutoLock(minutes: number | null): Promise<void> {
  await call<null>('set_auto_lock', { minutes });
}

/** Tells the backend the user is active, so auto-lock waits (send at most once a minute). */
export async function noteActivity(): Promise<void> {
  await call<null>('note_activity');
}

/** Calls `handler` when the journal locks (tray, auto-lock or `lock`). */
export async function onJournalLocked(handler: () => void): Promise<() => void> {
  return listen<null>('journal-locked', () => handler());
}

/**
 * Calls `handler` when the integrity check that runs after the journal opens finds damage:
 * the backend has set the journal aside, and the start screen should be shown again.
 */
export async function onJournalDamaged(handler: () => void): Promise<() => void> {
  return listen<null>('journal-damaged', () => handler());
}

/** Calls `handler` after a successful unlock (say, from another part of the app). */
export async function onJournalUnlocked(handler: () => void): Promise<() => void> {
  return listen<null>('journal-unlocked', () => handler());
}

export function journalStatus(): Promise<JournalStatus> {
  return call<JournalStatus>('journal_status');
}

/** After a damaged journal was moved aside: an empty journal in its place. */
export async function startFreshJournal(): Promise<void> {
  await call<null>('start_fresh_journal');
}

/** Newest first. */
export function listBackups(): Promise<BackupInfo[]> {
  return call<BackupInfo[]>('list_backups');
}

export function createBackup(): Promise<BackupInfo> {
  return call<BackupInfo>('create_backup');
}

/**
 * Replaces the journal by a backup (the current journal is backed up first).
 * `passphrase` is needed only for an encrypted backup whose key differs from
 * the open journal's; without it (or with a wrong one) the answer is
 * `wrong_passphrase`.
 */
export async function restoreBackup(id: string, passphrase: string | null): Promise<void> {
  await call<null>('restore_backup', { id, passphrase });
}

/** Everything as one JSON file, through a native Save dialog; the path written, or null if cancelled. */
export function exportJson(): Promise<string | null> {
  return call<string | null>('export_json');
}

/** Markdown files in a zip, or in a new folder the user chooses; the path written, or null. */
export function exportMarkdown(asZip: boolean): Promise<string | null> {
  return call<string | null>('export_markdown', { asZip });
}

/** Opens a native Open dialog and reads the file; the preview, or null if cancelled. */
export function chooseImport(format: ImportFormat): Promise<ImportPreview | null> {
  return call<ImportPreview | null>('choose_import', { format });
}

/** Recomputes the pending import's preview with new options (the Daylio mood mapping). */
export function previewImport(options: ImportOptions): Promise<ImportPreview> {
  return call<ImportPreview>('preview_import', { options });
}

/** Imports the pending file in one transaction, after a backup. */
export function applyImport(options: ImportOptions): Promise<ImportReport> {
  return call<ImportReport>('apply_import', { options });
}

export async function cancelImport(): Promise<void> {
  await call<null>('cancel_import');
}

/** True when the first-run welcome should be shown. */
export function welcomeState(): Promise<boolean> {
  return call<boolean>('welcome_state');
}

export async function finishWelcome(): Promise<void> {
  await call<null>('finish_welcome');
}

/** Opens the system's file manager at the data folder. */
export async function revealDataFolder(): Promise<void> {
  await call<null>('reveal_data_folder');
}
