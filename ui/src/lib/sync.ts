// Words for sync's state in Settings → Sync: what a synced table and column
// are called, so that a text with two versions is named as the user knows it.

import type { SyncConflict } from './bindings/SyncConflict';

const RECORDS: Record<string, string> = {
  entries: 'Journal entry',
  setbacks: 'Setback',
  reflection_answers: 'Reflection',
  lessons: 'Lesson',
  goals: 'Goal',
  goal_check_ins: 'Goal check-in',
  people: 'Person',
  conversations: 'Conversation',
  daily_check_ins: 'Check-in',
  revisits: 'Lesson revisit',
  templates: 'Reflection template',
  template_prompts: 'Reflection prompt',
};

const FIELDS: Record<string, string> = {
  title: 'title',
  body: 'text',
  what_happened: 'what happened',
  answer: 'answer',
  text: 'text',
  if_situation: '“if” situation',
  then_action: '“then I will” action',
  why: 'why it matters',
  how_ill_know: 'how you will know',
  note: 'note',
  notes: 'notes',
  what_they_said: 'what they said',
  what_ill_try: 'what you will try',
  description: 'description',
};

/** "Journal entry “Demo day”, text": which text has two versions. */
export function conflictLabel(conflict: SyncConflict): string {
  const record = RECORDS[conflict.table] ?? 'Record';
  const field = FIELDS[conflict.column] ?? conflict.column;
  const title = conflict.recordTitle ? ` “${conflict.recordTitle}”` : '';
  return `${record}${title}, ${field}`;
}
