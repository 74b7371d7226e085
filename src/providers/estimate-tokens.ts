type CountTokens = (text: string) => number;

let countTokensPromise: Promise<CountTokens> | undefined;

/**
 * Counts tokens with gpt-tokenizer (o200k_base), loaded on first use only because its tables
 * cost about 0.3 s to load. An approximation for non-OpenAI models; used only when a server
 * reports no usage, and results from it are marked `estimated`.
 */
export async function estimateTokens(text: string): Promise<number> {
  if (text === '') return 0;
  countTokensPromise ??= import('gpt-tokenizer').then((module) => module.countTokens as CountTokens);
  const countTokens = await countTokensPromise;
  return countTokens(text);
}
