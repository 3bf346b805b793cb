// Pure helpers for the unified search: turning the backend's marked snippets
// into parts that are rendered as text, building the query from the dialog's
// filters, saying in words what was searched, and where a hit opens.

import type { SearchHit } from './bindings/SearchHit';
import type { SearchKind } from './bindings/SearchKind';
import type { SearchQuery } from './bindings/SearchQuery';
import { isDay } from './dates';
import type { NavRequest } from './nav';
import { labelOf } from './choices';

/** Marks the start of a matched word in a snippet (search.rs, HIGHLIGHT_START). */
export const HIGHLIGHT_START = '\u0002';
/** Marks the end of a matched word in a snippet (search.rs, HIGHLIGHT_END). */
export const HIGHLIGHT_END = '\u0003';
/** Hits asked for per search; the backend allows up to 200. */
export const SEARCH_RESULTS = 50;
/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 200;

export interface SnippetPart {
  text: string;
  highlight: boolean;
}

/**
 * Splits a snippet on the highlight markers into parts that the view renders
 * as text (highlighted ones inside `<mark>`). Nothing is ever parsed as HTML,
 * so whatever the user wrote, `<script>` included, stays words on screen.
 * A start without an end highlights to the end of the snippet, and a stray
 * end marker is dropped, so a malformed snippet still reads sensibly.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, highlight: boolean): void => {
    if (text === '') {
      return;
    }
    const last = parts[parts.length - 1];
    if (last !== undefined && last.highlight === highlight) {
      last.text += text;
    } else {
      parts.push({ text, highlight });
    }
  };
  let highlight = false;
  let current = '';
  for (const char of snippet) {
    if (char === HIGHLIGHT_START) {
      push(current, highlight);
      current = '';
      highlight = true;
    } else if (char === HIGHLIGHT_END) {
      push(current, highlight);
      current = '';
      highlight = false;
    } else {
      current += char;
    }
  }
  push(current, highlight);
  return parts;
}

export const SEARCH_KINDS: ReadonlyArray<{ value: SearchKind; label: string; plural: string }> = [
  { value: 'entry', label: 'Entry', plural: 'entries' },
  { value: 'setback', label: 'Setback', plural: 'setbacks' },
  { value: 'reflection', label: 'Reflection', plural: 'reflections' },
  { value: 'lesson', label: 'Lesson', plural: 'lessons' },
  { value: 'goal', label: 'Goal', plural: 'goals' },
];

export function searchKindLabel(kind: SearchKind): string {
  return labelOf(SEARCH_KINDS, kind);
}

export interface SearchFilters {
  text: string;
  /** The kinds ticked; none ticked means every kind, as the backend reads it. */
  kinds: readonly SearchKind[];
  areaId: number | null;
  /** What the date inputs hold: "YYYY-MM-DD" or "". */
  from: string;
  to: string;
}

export type BuiltQuery = { ok: true; query: SearchQuery } | { ok: false; message: string | null };

/**
 * The query to send for the dialog's filters, or why none is sent: no words
 * yet (message null: nothing to say), or a date range that ends before it
 * starts (a sentence to show).
 */
export function buildSearchQuery(filters: SearchFilters, limit = SEARCH_RESULTS): BuiltQuery {
  const text = filters.text.trim();
  if (text === '') {
    return { ok: false, message: null };
  }
  const from = isDay(filters.from) ? filters.from : null;
  const to = isDay(filters.to) ? filters.to : null;
  if (from !== null && to !== null && from > to) {
    return { ok: false, message: 'The date range ends before it starts; choose a start on or before the end.' };
  }
  // Kinds are sent in their canonical order, each once, so equal filters give
  // equal queries.
  const kinds = SEARCH_KINDS.map((k) => k.value).filter((kind) => filters.kinds.includes(kind));
  return {
    ok: true,
    query: { text, kinds, areaId: filters.areaId, tag: null, from, to, limit },
  };
}

function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) {
    return words[0] ?? '';
  }
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/**
 * What was searched, as a sentence for the "no results" state, e.g.
 * “No setbacks or lessons in Career match “budget” from 1 Mar 2025.”
 */
export function describeNoResults(
  query: SearchQuery,
  areaName: string | null,
  formatDay: (day: string) => string,
): string {
  const chosen = query.kinds.length === 0 ? SEARCH_KINDS : SEARCH_KINDS.filter((k) => query.kinds.includes(k.value));
  const kinds = joinWords(
    chosen.map((k) => k.plural),
    'or',
  );
  let sentence = `No ${kinds}`;
  if (areaName !== null) {
    sentence += ` in ${areaName}`;
  }
  sentence += ` match “${query.text}”`;
  if (query.from !== null && query.to !== null) {
    sentence += ` between ${formatDay(query.from)} and ${formatDay(query.to)}`;
  } else if (query.from !== null) {
    sentence += ` from ${formatDay(query.from)} on`;
  } else if (query.to !== null) {
    sentence += ` up to ${formatDay(query.to)}`;
  }
  return `${sentence}.`;
}

/** Kinds that can never match an area filter, named for a hint beside it. */
export function kindsWithoutArea(kinds: readonly SearchKind[]): string {
  const all = kinds.length === 0;
  const words = (['entry', 'goal'] as const)
    .filter((kind) => all || kinds.includes(kind))
    .map((kind) => SEARCH_KINDS.find((k) => k.value === kind)?.plural ?? kind);
  return joinWords(words, 'and');
}

/**
 * Where a hit opens. A reflection opens its setback, whose id the hit does
 * not carry, so the caller passes a lookup for it.
 */
export async function hitTarget(
  hit: Pick<SearchHit, 'kind' | 'id'>,
  setbackOfReflection: (reflectionId: number) => Promise<number>,
): Promise<NavRequest> {
  switch (hit.kind) {
    case 'entry':
      return { view: 'journal', entryId: hit.id };
    case 'setback':
      return { view: 'setbacks', setbackId: hit.id };
    case 'reflection':
      return { view: 'setbacks', setbackId: await setbackOfReflection(hit.id) };
    case 'lesson':
      return { view: 'lessons', lessonId: hit.id };
    case 'goal':
      return { view: 'goals', goalId: hit.id };
  }
}

/** The next active index for an arrow key, wrapping round; -1 when there is nothing. */
export function moveActive(index: number, count: number, key: 'ArrowDown' | 'ArrowUp' | 'Home' | 'End'): number {
  if (count === 0) {
    return -1;
  }
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'ArrowDown':
      return index < 0 ? 0 : (index + 1) % count;
    case 'ArrowUp':
      return index < 0 ? count - 1 : (index - 1 + count) % count;
  }
}
