import { describe, expect, it } from 'vitest';
import type { SyncConflict } from './bindings/SyncConflict';
import { conflictLabel } from './sync';

function conflict(table: string, column: string, recordTitle: string | null): SyncConflict {
  return { table, row: 'r', column, recordId: 1, recordTitle, versions: [] };
}

describe('texts with two versions', () => {
  it('are named as the user knows the record and the field', () => {
    expect(conflictLabel(conflict('entries', 'body', 'Demo day'))).toBe('Journal entry “Demo day”, text');
    expect(conflictLabel(conflict('setbacks', 'what_happened', 'The demo crashed'))).toBe(
      'Setback “The demo crashed”, what happened',
    );
    expect(conflictLabel(conflict('lessons', 'then_action', null))).toBe('Lesson, “then I will” action');
  });

  it('never show a table or column name as a code', () => {
    const label = conflictLabel(conflict('reflection_answers', 'answer', null));
    expect(label).toBe('Reflection, answer');
    expect(label).not.toContain('_');
  });
});
