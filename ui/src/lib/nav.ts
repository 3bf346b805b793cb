// Where the app can send the user from one view to another (Today → a
// setback, a lesson → its new goal, a search hit → its record). The shell
// remounts the target view with the request, so each view only has to honour
// it once, when it mounts.

export type View =
  | 'today'
  | 'journal'
  | 'setbacks'
  | 'lessons'
  | 'goals'
  | 'people'
  | 'trends'
  | 'settings';

export type NavRequest =
  | { view: 'setbacks'; setbackId?: number; log?: boolean; reflect?: boolean }
  | { view: 'lessons'; lessonId?: number; newFromSetback?: number }
  | { view: 'goals'; goalId?: number }
  | { view: 'people'; personId?: number }
  | { view: 'journal'; entryId?: number }
  | { view: Exclude<View, 'setbacks' | 'lessons' | 'goals' | 'people' | 'journal'> };

export type Navigate = (request: NavRequest) => unknown;
