// A choice offered in a form or shown as a badge: a value the backend knows,
// and the words for it.

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/** The words for `value`; a value added by a newer backend reads as itself rather than as nothing. */
export function labelOf<V extends string>(choices: ReadonlyArray<Choice<V>>, value: V): string {
  return choices.find((choice) => choice.value === value)?.label ?? value;
}
