import type { Command } from 'commander';
import { AllAttemptsFailedError, InterruptedError, ProviderCallError, RequestStoppedError } from '../spec/errors.js';
import type { AttemptSummary } from '../spec/errors.js';
import type { Usage } from '../spec/chat.js';
import { cacheWriteTokensOf } from '../shared/usage-totals.js';
import { formatUsd } from '../shared/format-usd.js';
import type { AskOptions } from './ask.js';
import { openContext, parseTags, wireRouter } from './context.js';
import { jsonError, printJson, styleFor, warn, type GlobalOptions } from './output.js';
import { readPrompt } from './read-prompt.js';
import { formatSummary } from './format-summary.js';

/** The body of `llmx ask`, loaded only when the command runs. */
export async function runAsk(promptArgs: string[], options: AskOptions, globals: GlobalOptions, command: Command): Promise<void> {
  const tags = parseTags(options.tag);
  const context = await openContext(command);
  try {
    const strategy = options.provider ? undefined : (options.strategy ?? context.config.defaultStrategy);
    if (options.explain) {
      const { explainCommandOutput } = await import('./ask-explain.js');
      await explainCommandOutput(context, { strategy, provider: options.provider, model: options.model, maxTokens: options.maxTokens, stream: options.stream ?? Boolean(process.stdout.isTTY) }, globals);
      return;
    }
    const prompt = await readPrompt({ args: promptArgs, stdin: process.stdin });
    const { checkBudgets, fireBudgetAlerts } = await import('../budget/index.js');
    const verdict = await checkBudgets({ config: context.config, ledger: context.store.ledger, now: Date.now(), priceOf: context.priceOf });
    for (const warning of verdict.warnings ?? []) warn(warning);

    const logPrompts = Boolean(options.logPrompts) || context.config.logPrompts;
    const { router, recorder } = await wireRouter(context, { command: 'ask', strategy: strategy ?? null, tags, logPrompts, prompt });
    const stream = options.stream ?? Boolean(process.stdout.isTTY);
    const controller = new AbortController();
    const onSignal = () => controller.abort(new InterruptedError());
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let wroteText = false;
    // What a stream delivered; when it then broke, --json reports it as the partial text.
    let delivered = '';
    try {
      const result = await router.ask(
        { messages: [{ role: 'user', content: prompt }], system: options.system, maxTokens: options.maxTokens, temperature: options.temperature, model: options.model },
        {
          strategy,
          provider: options.provider,
          stream,
          signal: controller.signal,
          timeoutMs: options.timeout,
          maxWaitMs: options.maxWait,
          allowProvider: verdict.allowProvider,
          excludeTarget: verdict.excludeTarget,
          onDelta: stream ? (text) => {
            delivered += text;
            if (globals.json) return;
            wroteText = true;
            process.stdout.write(text);
          } : undefined,
        },
      );
      await recorder.flush();
      // A refusal exits 0 (the model answered), so say it where a person or a log will see it.
      if (result.finishReason === 'refusal') process.stderr.write(`llmx: note: ${result.provider} refused to answer (finish_reason refusal); its text is the refusal\n`);
      const costUsd = await context.store.ledger.requestCostUsd(result.requestId);
      if (globals.json) {
        printJson('ask', {
          text: result.text,
          provider: result.provider,
          model: result.model,
          strategy: result.strategy,
          request_id: result.requestId,
          finish_reason: result.finishReason,
          usage: usageJson(result.usage),
          service_tier: result.usage.serviceTier ?? null,
          latency_ms: round(result.latencyMs),
          ttft_ms: result.ttftMs === null ? null : round(result.ttftMs),
          cost_usd: costUsd,
          // The answer's own; earlier failed attempts of the request used no billed tokens or are in cost_usd.
          cost_source: costUsd === null ? 'unknown' : result.usage.billedCostUsd != null ? 'billed' : 'computed',
          attempts: result.attempts.map(attemptJson),
        }, context.config.warnings);
      } else {
        if (!wroteText) process.stdout.write(result.text);
        if (!result.text.endsWith('\n')) process.stdout.write('\n');
        process.stderr.write(`${formatSummary(result, costUsd, styleFor(globals, 'stderr'))}\n`);
      }
      await fireBudgetAlerts({ config: context.config, ledger: context.store.ledger, now: Date.now() });
    } catch (error) {
      await recorder.flush();
      // A stream cut after its first token keeps what the user already saw; end that line.
      if (wroteText) process.stdout.write('\n');
      if (controller.signal.aborted) throw new InterruptedError();
      // Scripts reading --json get the envelope on failure too (stderr still has the error line).
      const requestId = failedRequestOf(error)?.requestId;
      const costUsd = requestId === undefined ? null : await context.store.ledger.requestCostUsd(requestId);
      if (globals.json) printJson('ask', failureJson(error, delivered, costUsd), context.config.warnings);
      else if (error instanceof RequestStoppedError && error.partialUsage) process.stderr.write(`llmx: note: ${partialNote(error.partialUsage, costUsd)}\n`);
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    context.close();
  }
}

/** A broken stream's text stays on stdout: say that it is cut short, and that it was billed. */
function partialNote(usage: Usage, costUsd: number | null): string {
  const tokens = `${usage.inputTokens}→${usage.outputTokens} tokens${usage.estimated ? ' (estimated)' : ''}`;
  return `the answer above is incomplete (the stream broke); it used ${tokens}, ${costUsd === null ? 'cost unknown' : formatUsd(costUsd)}`;
}

/** The request a routing failure reports on (its attempts and ledger id), if it is one. */
function failedRequestOf(error: unknown): AllAttemptsFailedError | RequestStoppedError | undefined {
  return error instanceof AllAttemptsFailedError || error instanceof RequestStoppedError ? error : undefined;
}

function failureJson(error: unknown, delivered: string, costUsd: number | null) {
  const failed = failedRequestOf(error);
  const usage = error instanceof RequestStoppedError ? error.partialUsage : undefined;
  return {
    // A provider error after text reached the reader: the stream broke mid-answer.
    text: error instanceof ProviderCallError && delivered !== '' ? delivered : null,
    request_id: failed?.requestId ?? null,
    // What a partial answer used and cost (billed although the stream broke); null when nothing was delivered.
    usage: usage ? { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cached_input_tokens: usage.cachedInputTokens, estimated: usage.estimated } : null,
    cost_usd: costUsd,
    error: jsonError(error),
    attempts: failed ? failed.attempts.map(attemptJson) : [],
  };
}

function attemptJson(attempt: AttemptSummary) {
  return {
    provider: attempt.provider,
    model: attempt.model,
    status: attempt.status,
    http_status: attempt.httpStatus ?? null,
    error: attempt.error ?? null,
    error_class: attempt.errorClass ?? null,
    latency_ms: round(attempt.latencyMs),
  };
}

/** Every billed dimension; the cache counts are subsets of input, reasoning of output. */
function usageJson(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cached_input_tokens: usage.cachedInputTokens,
    cache_write_tokens: cacheWriteTokensOf(usage),
    cache_write_1h_tokens: usage.cacheWrite1hTokens ?? 0,
    reasoning_tokens: usage.reasoningTokens ?? 0,
    estimated: usage.estimated,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
