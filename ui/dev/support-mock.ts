// The support-network half of the development harness: people, the support
// log, the mentor brief, the failure résumé and the unified search, faked in
// memory closely enough to look at the views. The brief and the résumé are
// rough stand-ins for brief.rs and resume.rs (same sections, simpler text);
// the search matches word prefixes and marks them as search.rs does.
// It is imported only by dev/mock.ts, never by the app.

import type { Conversation } from '../src/lib/bindings/Conversation';
import type { ConversationDraft } from '../src/lib/bindings/ConversationDraft';
import type { Entry } from '../src/lib/bindings/Entry';
import type { Person } from '../src/lib/bindings/Person';
import type { PersonDraft } from '../src/lib/bindings/PersonDraft';
import type { SearchHit } from '../src/lib/bindings/SearchHit';
import type { SearchKind } from '../src/lib/bindings/SearchKind';
import type { SearchQuery } from '../src/lib/bindings/SearchQuery';
import type { SupportKind } from '../src/lib/bindings/SupportKind';
import { addDays, todayInZone } from '../src/lib/dates';
import { loopRecords } from './loop-mock';

const ZONE = 'Europe/Berlin';
const KIND_ORDER: SupportKind[] = ['perspective', 'advice', 'encouragement', 'practical_help'];
const invalid = (message: string): { code: string; message: string } => ({ code: 'invalid_input', message });
const notFound = (what: string): { code: string; message: string } => ({ code: 'not_found', message: `${what} no longer exists.` });

let id = 5000;
const people: Array<Omit<Person, 'conversationCount' | 'lastConversationOn'>> = [];
const conversations: Array<Omit<Conversation, 'personName' | 'setbackTitle'>> = [];
let entries: () => readonly Entry[] = () => [];

function person(p: (typeof people)[number]): Person {
  const mine = conversations.filter((c) => c.personId === p.id);
  return {
    ...p,
    conversationCount: mine.length,
    lastConversationOn: mine.map((c) => c.heldOn).sort().pop() ?? null,
  };
}

function conversation(c: (typeof conversations)[number]): Conversation {
  const setback = loopRecords().setbacks.find((s) => s.id === c.setbackId);
  return {
    ...c,
    personName: people.find((p) => p.id === c.personId)?.name ?? '',
    setbackId: setback === undefined ? null : c.setbackId,
    setbackTitle: setback?.title ?? null,
  };
}

const newestFirst = (a: Conversation, b: Conversation): number => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : b.id - a.id);

function findPerson(personId: unknown): (typeof people)[number] {
  const found = people.find((p) => p.id === personId);
  if (!found) throw notFound('That person');
  return found;
}

function findConversation(conversationId: unknown): (typeof conversations)[number] {
  const found = conversations.find((c) => c.id === conversationId);
  if (!found) throw notFound('That conversation');
  return found;
}

function personFields(draft: PersonDraft): Pick<Person, 'name' | 'role' | 'supportKinds' | 'notes'> {
  const name = draft.name.trim();
  if (name === '') throw invalid('The name cannot be empty.');
  return { name, role: draft.role, supportKinds: KIND_ORDER.filter((k) => draft.supportKinds.includes(k)), notes: draft.notes.trim() };
}

function conversationFields(draft: ConversationDraft): Omit<(typeof conversations)[number], 'id' | 'createdAt' | 'updatedAt'> {
  if (draft.whatTheySaid.trim() === '' && draft.whatIllTry.trim() === '') {
    throw invalid('Write what they said or what you’ll try, so that the conversation is worth keeping.');
  }
  findPerson(draft.personId);
  return {
    personId: draft.personId,
    setbackId: draft.setbackId,
    heldOn: draft.heldOn ?? todayInZone(ZONE),
    whatTheySaid: draft.whatTheySaid.trim(),
    whatIllTry: draft.whatIllTry.trim(),
  };
}

/** Seeds a small support network, or nothing with ?empty. */
export function seedSupport(empty: boolean, entryList: () => readonly Entry[]): void {
  entries = entryList;
  if (empty) return;
  const now = new Date().toISOString();
  const today = todayInZone(ZONE);
  const add = (name: string, role: Person['role'], supportKinds: SupportKind[], notes: string): number => {
    const personId = ++id;
    people.push({ id: personId, name, role, supportKinds, notes, createdAt: now, updatedAt: now });
    return personId;
  };
  const amara = add('Amara Osei', 'mentor', ['perspective', 'advice'], 'Former programme lead. Best on Thursday mornings; send a brief the day before.');
  const jonas = add('Jonas', 'peer', ['encouragement', 'practical_help'], '');
  add('Mia <script>alert(1)</script>', 'friend', ['encouragement'], 'A name with markup, to show it stays text.');
  const grant = loopRecords().setbacks.find((s) => s.title === 'Missed the grant deadline');
  conversations.push({
    id: ++id, personId: amara, setbackId: grant?.id ?? null, heldOn: addDays(today, -7),
    whatTheySaid: 'Everyone misses one deadline. What matters is whether the second application is better.\nShe suggested reading two funded proposals first.',
    whatIllTry: 'Draft the budget first and ask Jonas to review it a week before.', createdAt: now, updatedAt: now,
  });
  conversations.push({
    id: ++id, personId: jonas, setbackId: null, heldOn: addDays(today, -2),
    whatTheySaid: 'Offered to do a dry run of the talk with me.', whatIllTry: '', createdAt: now, updatedAt: now,
  });
}

function quote(text: string): string[] {
  return text.split('\n').map((line) => `> ${line}`);
}

function mentorBrief(from: string, to: string): string {
  if (from > to) throw invalid(`The period starts on ${from}, after it ends on ${to}; choose a start on or before the end.`);
  const { setbacks, reflections, lessons, goals } = loopRecords();
  const inPeriod = setbacks.filter((s) => s.localDateTime.slice(0, 10) >= from && s.localDateTime.slice(0, 10) <= to);
  const blocks: string[] = [`# Mentor brief: ${from} to ${to}`, '## Setbacks'];
  if (inPeriod.length === 0) blocks.push('No setbacks in this period.');
  for (const s of inPeriod.slice(0, 5)) {
    blocks.push(`### ${s.title}`, `${s.localDateTime.slice(0, 10)} · impact ${s.impact} of 10 · ${s.stage.replace(/_/g, ' ')}`);
    if (s.whatHappened) blocks.push(quote(s.whatHappened).join('\n'));
    for (const r of reflections.filter((x) => x.setbackId === s.id && x.completedAt !== null)) {
      blocks.push(`#### Reflection: ${r.templateName}`);
      for (const a of r.answers.filter((x) => x.text.trim() !== '').slice(0, 3)) blocks.push(`**${a.prompt}**`, quote(a.text).join('\n'));
    }
  }
  blocks.push('## Lessons');
  const periodLessons = lessons.filter((l) => (l.writtenOn >= from && l.writtenOn <= to) || l.setbackIds.some((sid) => inPeriod.some((s) => s.id === sid)));
  if (periodLessons.length === 0) blocks.push('No lessons written or drawn in this period.');
  else blocks.push(['| Lesson | Plan | Status |', '| --- | --- | --- |', ...periodLessons.map((l) => `| ${l.text} | ${l.ifSituation ? `If ${l.ifSituation}, then I will ${l.thenAction}` : '—'} | ${l.status} |`)].join('\n'));
  blocks.push('## Goals');
  blocks.push(['| Goal | Kind | Progress |', '| --- | --- | --- |', ...goals.filter((g) => g.status === 'active').map((g) => `| ${g.title} | ${g.kind} | ${g.latestProgress === null ? '—' : `${g.latestProgress}%`} |`)].join('\n'));
  blocks.push('## Support conversations');
  const talks = conversations.map(conversation).filter((c) => c.heldOn >= from && c.heldOn <= to).sort(newestFirst);
  if (talks.length === 0) blocks.push('No conversations logged in this period.');
  for (const c of talks) {
    blocks.push(`### ${c.personName.replace(/[<>]/g, (m) => `\\${m}`)}, ${c.heldOn}`);
    if (c.setbackTitle) blocks.push(`About: ${c.setbackTitle}`);
    if (c.whatTheySaid) blocks.push('**What they said**', quote(c.whatTheySaid).join('\n'));
    if (c.whatIllTry) blocks.push('**What I’ll try**', quote(c.whatIllTry).join('\n'));
  }
  blocks.push('## Questions for my mentor', '- Missed the grant deadline: How do I stop underestimating the budget?\n- ');
  return `${blocks.join('\n\n')}\n`;
}

function failureResume(): string {
  const { setbacks, lessons, areas } = loopRecords();
  const drawn = lessons.filter((l) => l.setbackIds.length > 0);
  const blocks = [
    '# Failure résumé',
    `${setbacks.length} setbacks, ${drawn.length} lessons drawn from them, ${drawn.filter((l) => l.status === 'validated').length} validated.`,
  ];
  const years = [...new Set(setbacks.map((s) => s.localDateTime.slice(0, 4)))].sort().reverse();
  for (const year of years) {
    blocks.push(`## ${year}`);
    for (const s of setbacks.filter((x) => x.localDateTime.startsWith(year)).slice(0, 6)) {
      const area = areas.find((a) => a.id === s.areaId)?.name ?? 'Other';
      blocks.push(`### ${s.title}`, `${s.localDateTime.slice(0, 10)} · ${area} · impact ${s.impact} of 10`);
      const mine = lessons.filter((l) => l.setbackIds.includes(s.id));
      blocks.push(mine.length === 0 ? '*No lesson drawn yet.*' : mine.map((l) => `- ${l.text}${l.ifSituation ? ` — If ${l.ifSituation}, then I will ${l.thenAction}` : ''} (${l.status})`).join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

interface Searchable {
  kind: SearchKind;
  id: number;
  title: string;
  text: string;
  localDate: string;
  areaId: number | null;
}

function searchables(): Searchable[] {
  const { setbacks, reflections, lessons, goals } = loopRecords();
  return [
    ...entries().map((e) => ({ kind: 'entry' as const, id: e.id, title: e.title, text: `${e.title} ${e.body}`, localDate: e.localDateTime.slice(0, 10), areaId: null })),
    ...setbacks.map((s) => ({ kind: 'setback' as const, id: s.id, title: s.title, text: `${s.title} ${s.whatHappened}`, localDate: s.localDateTime.slice(0, 10), areaId: s.areaId })),
    ...reflections.map((r) => {
      const s = setbacks.find((x) => x.id === r.setbackId);
      return { kind: 'reflection' as const, id: r.id, title: s?.title ?? '', text: r.answers.map((a) => a.text).join(' '), localDate: s?.localDateTime.slice(0, 10) ?? '', areaId: s?.areaId ?? null };
    }),
    ...lessons.map((l) => ({ kind: 'lesson' as const, id: l.id, title: l.text, text: `${l.text} ${l.ifSituation ?? ''} ${l.thenAction ?? ''}`, localDate: l.writtenOn, areaId: l.areaId })),
    ...goals.map((g) => ({ kind: 'goal' as const, id: g.id, title: g.title, text: `${g.title} ${g.why} ${g.howIllKnow}`, localDate: g.createdAt.slice(0, 10), areaId: null })),
  ];
}

const KIND_RANK: Record<SearchKind, number> = { goal: 0, lesson: 1, reflection: 2, setback: 3, entry: 4 };

function search(query: SearchQuery): SearchHit[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  if (query.from !== null && query.to !== null && query.from > query.to) {
    throw invalid(`The search starts on ${query.from}, after it ends on ${query.to}; choose a start on or before the end.`);
  }
  const hits: SearchHit[] = [];
  for (const r of searchables()) {
    if (query.kinds.length > 0 && !query.kinds.includes(r.kind)) continue;
    if (query.areaId !== null && r.areaId !== query.areaId) continue;
    if ((query.from !== null && r.localDate < query.from) || (query.to !== null && r.localDate > query.to)) continue;
    const tokens = r.text.split(/(\s+)/);
    const matches = (token: string): boolean => words.some((w) => token.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, '').startsWith(w));
    if (!words.every((w) => tokens.some((t) => t.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, '').startsWith(w)))) continue;
    const first = tokens.findIndex(matches);
    const start = Math.max(0, first - 10);
    const window = tokens.slice(start, start + 32);
    const snippet = (start > 0 ? '…' : '') + window.map((t) => (matches(t) ? `\u0002${t}\u0003` : t)).join('') + (start + 32 < tokens.length ? '…' : '');
    hits.push({ kind: r.kind, id: r.id, title: r.title.split('\n')[0]?.slice(0, 120) ?? '', snippet, localDate: r.localDate, areaId: r.areaId });
  }
  hits.sort((a, b) => (a.localDate < b.localDate ? 1 : a.localDate > b.localDate ? -1 : b.id - a.id || KIND_RANK[a.kind] - KIND_RANK[b.kind]));
  return hits.slice(0, query.limit);
}

/** Answers one support-network command, or returns undefined when `cmd` is not one. */
export function handleSupport(cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case 'list_people':
      return people.map(person).sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    case 'get_person':
      return person(findPerson(args.id));
    case 'create_person': {
      const now = new Date().toISOString();
      const p = { id: ++id, ...personFields(args.draft as PersonDraft), createdAt: now, updatedAt: now };
      people.push(p);
      return person(p);
    }
    case 'update_person': {
      const p = findPerson(args.id);
      Object.assign(p, personFields(args.draft as PersonDraft), { updatedAt: new Date().toISOString() });
      return person(p);
    }
    case 'delete_person': {
      const p = person(findPerson(args.id));
      if (p.conversationCount > 0) {
        throw invalid(`“${p.name}” still has ${p.conversationCount} conversation(s) in your support log. A conversation keeps who it was with, so delete those first if you really want to remove ${p.name}.`);
      }
      people.splice(people.findIndex((x) => x.id === p.id), 1);
      return null;
    }
    case 'create_conversation': {
      const now = new Date().toISOString();
      const c = { id: ++id, ...conversationFields(args.draft as ConversationDraft), createdAt: now, updatedAt: now };
      conversations.push(c);
      return conversation(c);
    }
    case 'update_conversation': {
      const c = findConversation(args.id);
      Object.assign(c, conversationFields(args.draft as ConversationDraft), { updatedAt: new Date().toISOString() });
      return conversation(c);
    }
    case 'delete_conversation': {
      const c = findConversation(args.id);
      conversations.splice(conversations.indexOf(c), 1);
      return null;
    }
    case 'get_conversation':
      return conversation(findConversation(args.id));
    case 'conversations_with_person':
      return conversations.filter((c) => c.personId === args.personId).map(conversation).sort(newestFirst);
    case 'conversations_about_setback':
      return conversations.filter((c) => c.setbackId === args.setbackId).map(conversation).sort(newestFirst);
    case 'mentor_brief':
      return mentorBrief(String(args.from), String(args.to));
    case 'save_mentor_brief':
      mentorBrief(String(args.from), String(args.to));
      return `/home/user/Documents/mentor-brief-${String(args.from)}-to-${String(args.to)}.md`;
    case 'failure_resume':
      return failureResume();
    case 'save_failure_resume':
      return '/home/user/Documents/failure-resume.md';
    case 'search':
      return search(args.query as SearchQuery);
    default:
      return undefined;
  }
}
