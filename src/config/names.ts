import type { Entry, ParseContext } from './parse-context.js';

/**
 * Provider and strategy names appear in `name:model` targets and in state keys like
 * `tokens:<strategy>:<provider>`, so a colon or whitespace in one would be ambiguous.
 */
export function checkName(context: ParseContext, entry: Entry, path: string, what: string): void {
  if (entry.key === '' || /[\s:]/.test(entry.key)) {
    context.fail(entry.keyNode, path, `${what} name ${JSON.stringify(entry.key)} may not be empty or contain ":" or spaces`);
  }
}

export function valueOf(entries: readonly Entry[], key: string): Entry['value'] {
  return entries.find((entry) => entry.key === key)?.value ?? null;
}

export function entryOf(entries: readonly Entry[], key: string): Entry | undefined {
  return entries.find((entry) => entry.key === key);
}
