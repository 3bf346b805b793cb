import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  BackendError,
  addRevisit,
  answerRevisit,
  completeReflection,
  deleteArea,
  goalCheckIn,
  goalFromLesson,
  listGoals,
  listSetbacks,
  listTemplates,
  markRecovered,
  moveRevisit,
  pairGoals,
  reflectionsForSetback,
  reorderTemplates,
  saveReflectionDraft,
  startReflection,
  updateSettings,
  createEntry,
  deleteEntry,
  errorMessage,
  getEntry,
  isFatal,
  listEntries,
  searchEntries,
  conversationsAboutSetback,
  conversationsWithPerson,
  createConversation,
  createPerson,
  deleteConversation,
  deletePerson,
  failureResume,
  getConversation,
  getPerson,
  listPeople,
  mentorBrief,
  saveFailureResume,
  saveMentorBrief,
  search,
  updateConversation,
  updatePerson,
} from './backend';

afterEach(() => {
  clearMocks();
});

describe('backend commands', () => {
  it('sends camelCase arguments under the command names the backend expects', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'list_entries') {
        return { entries: [], nextCursor: null };
      }
      if (cmd === 'search_entries') {
        return [];
      }
      if (cmd === 'create_entry') {
        return { id: 7 };
      }
      return null;
    });

    await listEntries('cursor-1', 50);
    await searchEntries('bounce', 20);
    await createEntry({ title: 't', body: '', localDateTime: null, timeZone: null, mood: 3, tags: [] });
    await deleteEntry(7);

    expect(calls).toEqual([
      { cmd: 'list_entries', args: { cursor: 'cursor-1', limit: 50 } },
      { cmd: 'search_entries', args: { query: 'bounce', limit: 20 } },
      {
        cmd: 'create_entry',
        args: {
          draft: { title: 't', body: '', localDateTime: null, timeZone: null, mood: 3, tags: [] },
        },
      },
      { cmd: 'delete_entry', args: { id: 7 } },
    ]);
  });
});

describe('backend error mapping', () => {
  it('wraps the backend {code, message} rejection in a BackendError', async () => {
    mockIPC(() => {
      throw { code: 'not_found', message: 'That entry no longer exists.' };
    });
    const error = await getEntry(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'not_found', message: 'That entry no longer exists.' });
    expect(isFatal(error)).toBe(false);
  });

  it('marks database errors as fatal', async () => {
    mockIPC(() => {
      throw { code: 'database_too_new', message: 'This journal was written by a newer version.' };
    });
    const error = await listEntries(null, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(isFatal(error)).toBe(true);
    expect(errorMessage(error)).toBe('This journal was written by a newer version.');
  });

  it('turns a bare string rejection into an internal error with readable text', async () => {
    mockIPC(() => {
      throw 'command list_entries not allowed by ACL';
    });
    const error = await listEntries(null, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('internal');
    expect((error as BackendError).message).toContain('command list_entries not allowed by ACL');
  });

  it('never produces "[object Object]" for unknown shapes', () => {
    const odd = BackendError.from({ code: 'weird', message: 42, detail: { x: 1 } });
    expect(odd.code).toBe('internal');
    expect(odd.message).not.toContain('[object Object]');
    expect(odd.message.length).toBeGreaterThan(10);

    const fromError = BackendError.from(new TypeError('boom'));
    expect(fromError.code).toBe('internal');
    expect(fromError.message).toContain('boom');

    expect(BackendError.from(undefined).message).toMatch(/went wrong/);
    expect(errorMessage({ message: 'Disk is full.' })).toContain('Disk is full.');
  });

  it('passes a BackendError through unchanged', () => {
    const original = new BackendError('storage', 'The disk is full.');
    expect(BackendError.from(original)).toBe(original);
  });
});

describe('failing-up loop commands', () => {
  it('sends the argument objects the Rust commands take', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return cmd === 'list_templates' || cmd === 'reorder_templates' || cmd === 'list_goals' ? [] : { id: 1 };
    });

    await listSetbacks(null, 50);
    await markRecovered(3, '2025-03-14');
    await markRecovered(3, null);
    await listTemplates(true);
    await reorderTemplates([2, 1]);
    await startReflection(3, 4);
    await saveReflectionDraft(9, [{ text: 'a', rating: null }]);
    await completeReflection(9, [], [{ emotion: 'sad', intensity: 20 }]);
    await reflectionsForSetback(3);
    await addRevisit(5, '2025-04-01');
    await moveRevisit(6, '2025-04-02');
    await answerRevisit(6, 'partly', 'once');
    await goalFromLesson(5);
    await listGoals(null);
    await pairGoals(7, null);
    await goalCheckIn(7, 40, '');
    await updateSettings({ coolDownHours: 48 });
    await deleteArea(8);

    expect(calls).toEqual([
      { cmd: 'list_setbacks', args: { cursor: null, limit: 50 } },
      { cmd: 'mark_recovered', args: { id: 3, on: '2025-03-14' } },
      { cmd: 'mark_recovered', args: { id: 3, on: null } },
      { cmd: 'list_templates', args: { includeHidden: true } },
      { cmd: 'reorder_templates', args: { ids: [2, 1] } },
      { cmd: 'start_reflection', args: { setbackId: 3, templateId: 4 } },
      { cmd: 'save_reflection_draft', args: { id: 9, answers: [{ text: 'a', rating: null }] } },
      { cmd: 'complete_reflection', args: { id: 9, answers: [], feelingsAfter: [{ emotion: 'sad', intensity: 20 }] } },
      { cmd: 'reflections_for_setback', args: { setbackId: 3 } },
      { cmd: 'add_revisit', args: { lessonId: 5, dueOn: '2025-04-01' } },
      { cmd: 'move_revisit', args: { revisitId: 6, dueOn: '2025-04-02' } },
      { cmd: 'answer_revisit', args: { revisitId: 6, answer: 'partly', note: 'once' } },
      { cmd: 'goal_from_lesson', args: { lessonId: 5 } },
      { cmd: 'list_goals', args: { status: null } },
      { cmd: 'pair_goals', args: { outputGoalId: 7, learningGoalId: null } },
      { cmd: 'goal_check_in', args: { id: 7, progress: 40, note: '' } },
      { cmd: 'update_settings', args: { settings: { coolDownHours: 48 } } },
      { cmd: 'delete_area', args: { id: 8 } },
    ]);
  });

  it('passes the backend sentence through when an area cannot be deleted', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: '“Career” is a built-in life area and cannot be deleted.' };
    });
    const error = await deleteArea(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(errorMessage(error)).toBe('“Career” is a built-in life area and cannot be deleted.');
  });
});

describe('support network, brief, résumé and search commands', () => {
  it('sends the argument objects the Rust commands take', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'save_failure_resume') {
        return null;
      }
      if (cmd.startsWith('list_') || cmd.startsWith('conversations_') || cmd === 'search') {
        return [];
      }
      return cmd === 'mentor_brief' || cmd === 'failure_resume' || cmd === 'save_mentor_brief' ? '# md' : { id: 1 };
    });

    const person = { name: 'Amara', role: 'mentor' as const, supportKinds: ['advice' as const], notes: '' };
    const talk = { personId: 1, setbackId: null, heldOn: null, whatTheySaid: 'Try.', whatIllTry: '' };
    const query = { text: 'budget', kinds: ['lesson' as const], areaId: 2, tag: null, from: '2025-03-01', to: null, limit: 50 };
    await listPeople();
    await getPerson(1);
    await createPerson(person);
    await updatePerson(1, person);
    await deletePerson(1);
    await createConversation(talk);
    await updateConversation(5, talk);
    await deleteConversation(5);
    await getConversation(5);
    await conversationsWithPerson(1);
    await conversationsAboutSetback(3);
    expect(await mentorBrief('2025-03-01', '2025-03-31')).toBe('# md');
    expect(await saveMentorBrief('2025-03-01', '2025-03-31')).toBe('# md');
    await failureResume();
    expect(await saveFailureResume()).toBeNull();
    await search(query);

    expect(calls).toEqual([
      { cmd: 'list_people', args: {} },
      { cmd: 'get_person', args: { id: 1 } },
      { cmd: 'create_person', args: { draft: person } },
      { cmd: 'update_person', args: { id: 1, draft: person } },
      { cmd: 'delete_person', args: { id: 1 } },
      { cmd: 'create_conversation', args: { draft: talk } },
      { cmd: 'update_conversation', args: { id: 5, draft: talk } },
      { cmd: 'delete_conversation', args: { id: 5 } },
      { cmd: 'get_conversation', args: { id: 5 } },
      { cmd: 'conversations_with_person', args: { personId: 1 } },
      { cmd: 'conversations_about_setback', args: { setbackId: 3 } },
      { cmd: 'mentor_brief', args: { from: '2025-03-01', to: '2025-03-31' } },
      { cmd: 'save_mentor_brief', args: { from: '2025-03-01', to: '2025-03-31' } },
      { cmd: 'failure_resume', args: {} },
      { cmd: 'save_failure_resume', args: {} },
      { cmd: 'search', args: { query } },
    ]);
  });

  it('passes the refusal to delete a person with conversations through as words', async () => {
    const sentence =
      '“Amara” still has 2 conversation(s) in your support log. A conversation keeps who it was with, so delete those first if you really want to remove Amara.';
    mockIPC(() => {
      throw { code: 'invalid_input', message: sentence };
    });
    const error = await deletePerson(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('invalid_input');
    expect(errorMessage(error)).toBe(sentence);
  });
});
