// Token counts guessed before a request is sent, from its characters, synchronously. Both live here so
// the router and bench agree; the exact count after an answer comes from the server, else from the
// tokenizer in src/providers/estimate-tokens.ts (its vocabulary is read lazily, ~0.1 s: too slow for a pre-flight guess).

/**
 * The expected count: one token per four characters, rounded up (the usual rule of thumb for English
 * with OpenAI's and Anthropic's tokenizers). For rate-limit reservations and least-cost ranking.
 */
export function roughTokenCount(characters: number): number {
  return Math.ceil(Math.max(0, characters) / 4);
}

/**
 * A count that errs high, for spend reservations that must not come in under the bill (bench --budget):
 * one token per three characters plus 16 for the chat framing. Generous for Latin text; text of one
 * token per character or less (CJK) can still exceed it, and the guard then tightens from what was spent.
 */
export function generousTokenCount(characters: number): number {
  return Math.ceil(Math.max(0, characters) / 3) + 16;
}

/** The characters of a request's text: the system prompt and every message. */
export function requestCharacters(request: { system?: string; messages: ReadonlyArray<{ content: string }> }): number {
  return (request.system?.length ?? 0) + request.messages.reduce((sum, message) => sum + message.content.length, 0);
}
