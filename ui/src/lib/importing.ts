// The import preview's wording and the Daylio mood mapping the user edits.

import type { ImportCount } from './bindings/ImportCount';
import type { ImportFormat } from './bindings/ImportFormat';
import type { ImportReport } from './bindings/ImportReport';
import type { MoodMapping } from './bindings/MoodMapping';
import { formatCount, formatLongDay } from './format';

export const IMPORT_FORMATS: ReadonlyArray<{ format: ImportFormat; label: string }> = [
  { format: 'failing_up', label: 'Failing Up (JSON or zip)' },
  { format: 'jrnl', label: 'jrnl JSON' },
  { format: 'day_one', label: 'Day One (zip or JSON)' },
  { format: 'daylio', label: 'Daylio CSV' },
];

export function importFormatLabel(format: ImportFormat): string {
  return IMPORT_FORMATS.find((choice) => choice.format === format)?.label ?? format;
}

export const MIN_MOOD = 1;
export const MAX_MOOD = 10;

export type MoodCheck = { ok: true; mood: number } | { ok: false; message: string };

/** A mood typed for a Daylio label: a whole number from 1 to 10. */
export function parseMood(label: string, text: string): MoodCheck {
  const trimmed = text.trim();
  const mood = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(mood) || mood < MIN_MOOD || mood > MAX_MOOD) {
    return {
      ok: false,
      message: `The mood for “${label}” must be a whole number from ${MIN_MOOD} to ${MAX_MOOD}${trimmed === '' ? '' : `, not “${trimmed}”`}.`,
    };
  }
  return { ok: true, mood };
}

/** The mapping with one label's mood replaced; labels keep their order, others are untouched. */
export function withMood(scale: readonly MoodMapping[], label: string, mood: number): MoodMapping[] {
  return scale.map((mapping) => (mapping.label === label ? { label, mood } : { ...mapping }));
}

/** One kind with a count: "1 journal entry", "120 journal entries". */
export function countText(count: number, kind: string, locale?: string): string {
  return `${formatCount(count, locale)} ${count === 1 ? singular(kind) : kind}`;
}

// The backend names kinds in the plural ("journal entries", "check-ins"); one
// of them reads better in the singular.
function singular(kind: string): string {
  if (kind.endsWith('people')) {
    return `${kind.slice(0, -'people'.length)}person`;
  }
  if (kind.endsWith('ies')) {
    return `${kind.slice(0, -3)}y`;
  }
  if (kind.endsWith('s')) {
    return kind.slice(0, -1);
  }
  return kind;
}

function list(parts: string[]): string {
  if (parts.length <= 1) {
    return parts.join('');
  }
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** What an import did, in one sentence: "Imported 120 journal entries; 3 skipped." */
export function importSummary(report: Pick<ImportReport, 'counts' | 'skipped'>, locale?: string): string {
  const added = report.counts.filter((count) => count.new > 0).map((count) => countText(count.new, count.kind, locale));
  const already = report.counts.reduce((sum, count) => sum + count.alreadyImported, 0);
  const parts = [added.length === 0 ? 'Nothing new was imported' : `Imported ${list(added)}`];
  if (already > 0) {
    parts.push(`${formatCount(already, locale)} already imported before`);
  }
  if (report.skipped.length > 0) {
    parts.push(`${formatCount(report.skipped.length, locale)} skipped`);
  }
  return `${parts.join('; ')}.`;
}

/** Whether the preview has anything to add at all. */
export function hasAnythingNew(counts: readonly ImportCount[]): boolean {
  return counts.some((count) => count.new > 0);
}

/** The span of dates an import covers, in words; empty when it has none. */
export function dateRangeText(first: string | null, last: string | null, locale?: string): string {
  if (first === null || last === null) {
    return '';
  }
  if (first === last) {
    return `All on ${formatLongDay(first, locale)}.`;
  }
  return `From ${formatLongDay(first, locale)} to ${formatLongDay(last, locale)}.`;
}
