import type { ChatRequest, ChatResult, FinishReason } from '../../spec/chat.js';
import { completeUsage, type ReportedUsage } from './estimate-usage.js';
import type { Stopwatch } from './stopwatch.js';

/** What an adapter gathered of one answer from its SDK. */
export interface GatheredAnswer {
  text: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: ReportedUsage | undefined;
  /** The model the server says answered; empty or missing when it did not say. */
  answeredModel: string | undefined;
  ttftMs: number | null;
}

/**
 * The ChatResult of a finished call. Latency is read first: counting missing tokens locally
 * is not the provider's time.
 */
export async function finishAnswer(request: ChatRequest, stopwatch: Stopwatch, answer: GatheredAnswer): Promise<ChatResult> {
  const latencyMs = stopwatch.elapsedMs();
  return {
    text: answer.text,
    finishReason: answer.finishReason,
    rawFinishReason: answer.rawFinishReason,
    usage: await completeUsage(answer.usage, request, answer.text),
    model: answer.answeredModel || request.model,
    ttftMs: answer.ttftMs,
    latencyMs,
  };
}
