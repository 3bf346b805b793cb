// Small pure helpers shared by the journal list and the editor.

import type { Entry } from './bindings/Entry';
import type { EntryDraft } from './bindings/EntryDraft';
import type { EntrySummary } from './bindings/EntrySummary';

// Twenty fill the list pane several times over; the next page loads as the
// reader scrolls to its end. A longer first page costs memory and start-up
// time for rows nobody sees (`cargo xtask bench`: 4–8 MB at 36,500 entries).
export const PAGE_SIZE = 20;
export const SEARCH_LIMIT = 50;

export const MOODS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 1, label: 'very low' },
  { value: 2, label: 'low' },
  { value: 3, label: 'okay' },
  { value: 4, label: 'good' },
  { value: 5, label: 'very good' },
];

export function moodLabel(mood: number): string {
  return MOODS.find((m) => m.value === mood)?.label ?? String(mood);
}

/** Splits the comma-separated tag field into clean, unique tags. */
export function parseTags(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.split(',')) {
    const tag = raw.trim();
    if (tag !== '' && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return tags;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/** A draft with nothing in it is not worth creating an entry for. */
export function isEmptyDraft(draft: EntryDraft): boolean {
  return (
    draft.title.trim() === '' &&
    draft.body.trim() === '' &&
    draft.tags.length === 0 &&
    draft.mood === null
  );
}

/**
 * A plain-text excerpt of a Markdown body, close to the backend's, so that a
 * list item can be refreshed after a save without asking the backend again.
 */
export function excerptOf(body: string, maxChars = 160): string {
  const text = body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxChars) {
    return text;
  }
  return `${text.slice(0, maxChars - 1).trimEnd()}…`;
}

export function summaryOf(entry: Entry): EntrySummary {
  return {
    id: entry.id,
    title: entry.title,
    excerpt: excerptOf(entry.body),
    localDateTime: entry.localDateTime,
    timeZone: entry.timeZone,
    mood: entry.mood,
    tags: [...entry.tags],
  };
}

/**
 * Puts a saved entry into a newest-first list: replaces it where it is, or
 * inserts it by its local date-time when `insertIfMissing` is set.
 */
export function upsertSummary(
  list: readonly EntrySummary[],
  summary: EntrySummary,
  insertIfMissing: boolean,
): EntrySummary[] {
  const without = list.filter((item) => item.id !== summary.id);
  const existed = without.length !== list.length;
  if (!existed && !insertIfMissing) {
    return [...list];
  }
  if (existed) {
    // Keep the item in place unless its date moved, so the list does not
    // jump under the user's cursor while they type.
    const index = list.findIndex((item) => item.id === summary.id);
    const old = list[index];
    if (old && old.localDateTime === summary.localDateTime) {
      const copy = [...list];
      copy[index] = summary;
      return copy;
    }
  }
  const at = without.findIndex((item) => item.localDateTime < summary.localDateTime);
  const copy = [...without];
  copy.splice(at === -1 ? copy.length : at, 0, summary);
  return copy;
}
