import { describe, expect, it } from 'vitest';
import { answersAsText, entryAsText, prepareToLeave, registerFlusher, unsavedWordsAtLock } from './leave';

describe('unsaved words when the journal locks', () => {
  it('answers nothing when no editor is open', async () => {
    expect(await unsavedWordsAtLock()).toBeNull();
  });

  it("answers the open editor's unsaved text, and forgets it once the editor goes", async () => {
    const unregister = registerFlusher(
      async () => ({ ok: true }),
      async () => 'the last few words',
    );
    expect(await unsavedWordsAtLock()).toBe('the last few words');
    unregister();
    expect(await unsavedWordsAtLock(), 'a closed editor has nothing left to offer').toBeNull();
    expect(await prepareToLeave()).toBe(true);
  });

  it('keeps the newer editor registered when an older one unregisters late', async () => {
    const unregisterOld = registerFlusher(
      async () => ({ ok: true }),
      async () => 'old',
    );
    const unregisterNew = registerFlusher(
      async () => ({ ok: true }),
      async () => 'new',
    );
    unregisterOld();
    expect(await unsavedWordsAtLock(), "the old editor's cleanup must not drop the new one's words").toBe('new');
    unregisterNew();
  });

  it('never touches WebView storage, which is not encrypted', async () => {
    const unregister = registerFlusher(
      async () => ({ ok: true }),
      async () => 'private words',
    );
    await unsavedWordsAtLock();
    unregister();
    expect(localStorage.length, 'nothing of the journal may be written to localStorage').toBe(0);
    expect(sessionStorage.length, 'nothing of the journal may be written to sessionStorage').toBe(0);
  });
});

describe('unsaved text as plain text to copy back', () => {
  it('puts an entry as title, body and tags, leaving out what is empty', () => {
    expect(entryAsText({ title: ' Bad day ', body: 'It went wrong.\nThen better.', tags: ['work', 'talk'] })).toBe(
      'Bad day\n\nIt went wrong.\nThen better.\n\nTags: work, talk',
    );
    expect(entryAsText({ title: '', body: 'Only words.', tags: [] })).toBe('Only words.');
    expect(entryAsText({ title: '  ', body: '', tags: [] }), 'an empty editor has nothing to offer').toBe('');
  });

  it('puts each answered prompt above its answer and leaves unanswered ones out', () => {
    const text = answersAsText(
      ['What happened?', 'How bad was it?', 'What would you try next?'],
      [
        { text: 'The demo crashed.', rating: null },
        { text: '', rating: 70 },
        { text: '   ', rating: null },
      ],
    );
    expect(text).toBe('What happened?\nThe demo crashed.\n\nHow bad was it?\nRating: 70 of 100');
  });
});
