import type { CommandContext } from './context.js';
import { printJson, tableOptions, type GlobalOptions } from './output.js';

/**
 * `llmx ask --explain`: the decision the router would make now, and why, calling no provider and
 * advancing no cursor. Rendered exactly as `llmx strategies explain`.
 */
export async function explainCommandOutput(
  context: CommandContext,
  which: { strategy?: string; provider?: string; model?: string; maxTokens?: number; stream?: boolean },
  globals: GlobalOptions,
): Promise<void> {
  const { lookOnlyRouter } = await import('../routing/inspection.js');
  const router = lookOnlyRouter({ config: context.config, state: context.store.state, priceOf: context.priceOf });
  const target = which.provider ? { provider: which.provider } : which.strategy;
  const explanation = await router.explain(target, { messages: [], model: which.model, maxTokens: which.maxTokens }, { stream: which.stream });
  const { explanationJson, renderExplanation } = await import('../routing/render-strategies.js');
  if (globals.json) printJson('ask', { explain: explanationJson(explanation) }, context.config.warnings);
  else process.stdout.write(`${renderExplanation(explanation, tableOptions(globals))}\n`);
}
