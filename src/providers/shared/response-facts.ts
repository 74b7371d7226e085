/**
 * What one HTTP response looked like on the wire, kept so that a body the SDK cannot use (a proxy's
 * HTML page, an empty 200, a 20 MB blob) can be named in one line: status, content type, size and
 * its first bytes. Filled in as the SDK reads the body.
 */
export interface ResponseFacts {
  status: number;
  /** Kept for what an SDK throws away with its error (ollama-js keeps no headers, so no retry-after). */
  headers: Headers;
  contentType: string | null;
  /** The `content-length` header, when the server sent one. */
  declaredBytes: number | null;
  /** Bytes of the body read so far (the SDK may stop early). */
  bytesRead: number;
  /** The first bytes of the body, decoded as UTF-8 (at most HEAD_BYTES). */
  readonly head: string;
  /** The last bytes read (at most TAIL_BYTES), to see how a stream ended (`data: [DONE]`). */
  readonly tail: string;
  /** The body was read to its end without error. */
  complete: boolean;
  /** Reading stopped at the size cap. */
  overflowed: boolean;
}

/** The caps on what llmx reads of one response. */
export interface BodyLimits {
  /** A whole (non-streamed) body: a real chat completion is at most a few hundred kB. */
  maxBodyBytes: number;
  /** A streamed body (text/event-stream, NDJSON): long answers are long, so the cap is higher. */
  maxStreamBytes: number;
}

/** 8 MiB for a JSON body and 64 MiB for a stream: far above any real answer, far below trouble. */
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBodyBytes: 8 * 1024 * 1024, maxStreamBytes: 64 * 1024 * 1024 };

const HEAD_BYTES = 160;
const TAIL_BYTES = 64;

/** The body passed the cap: reading stopped there, and the call fails with this (a server fault). */
export class ResponseTooLargeError extends Error {
  readonly facts: ResponseFacts;
  constructor(facts: ResponseFacts, limitBytes: number) {
    super(`response body over the ${formatBytes(limitBytes)} limit, reading stopped there`);
    this.name = 'ResponseTooLargeError';
    this.facts = facts;
  }
}

/** A 200 whose body is not the protocol's at all (a proxy's HTML page): named by what it was. */
export class UnusableBodyError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'UnusableBodyError';
  }
}

/** A mutable holder a call hands to the transport; the transport fills `response` in. */
export interface FetchObservation {
  response?: ResponseFacts;
}

export function isStreamedMediaType(contentType: string | null): boolean {
  const media = mediaTypeOf(contentType);
  return media === 'text/event-stream' || media === 'application/x-ndjson' || media === 'application/jsonl';
}

export function isJsonMediaType(contentType: string | null): boolean {
  const media = mediaTypeOf(contentType);
  return media === 'application/json' || media.endsWith('+json');
}

function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Returns `response` with its body counted, sampled and capped into `observation.response`. The body
 * is passed through unchanged until the cap, where the read fails with ResponseTooLargeError, so no
 * SDK ever buffers more than the cap.
 */
export function observeResponse(response: Response, observation: FetchObservation, limits: BodyLimits = DEFAULT_BODY_LIMITS): Response {
  const declared = Number(response.headers.get('content-length'));
  const decoder = new TextDecoder();
  const head = new Uint8Array(HEAD_BYTES);
  let headLength = 0;
  // The last TAIL_BYTES read: a long chunk's end, or a short chunk joined to what came before.
  let tail = new Uint8Array(0);
  const facts: ResponseFacts = {
    status: response.status,
    headers: response.headers,
    contentType: response.headers.get('content-type'),
    declaredBytes: response.headers.has('content-length') && Number.isFinite(declared) ? declared : null,
    bytesRead: 0,
    // Decoded only when someone asks (an error message): a healthy stream pays for counting alone.
    get head() {
      return decoder.decode(head.subarray(0, headLength));
    },
    get tail() {
      return decoder.decode(tail);
    },
    complete: response.body === null,
    overflowed: false,
  };
  observation.response = facts;
  if (response.body === null) return response;
  const limitBytes = isStreamedMediaType(facts.contentType) ? limits.maxStreamBytes : limits.maxBodyBytes;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (facts.bytesRead + chunk.byteLength > limitBytes) {
          facts.overflowed = true;
          controller.error(new ResponseTooLargeError(facts, limitBytes));
          return;
        }
        facts.bytesRead += chunk.byteLength;
        if (headLength < HEAD_BYTES) {
          const piece = chunk.subarray(0, HEAD_BYTES - headLength);
          head.set(piece, headLength);
          headLength += piece.byteLength;
        }
        if (chunk.byteLength >= TAIL_BYTES) {
          tail = chunk.slice(chunk.byteLength - TAIL_BYTES);
        } else {
          const joined = new Uint8Array(tail.byteLength + chunk.byteLength);
          joined.set(tail);
          joined.set(chunk, tail.byteLength);
          tail = joined.slice(Math.max(0, joined.byteLength - TAIL_BYTES));
        }
        controller.enqueue(chunk);
      },
      flush() {
        facts.complete = true;
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** `text/html, 1.2 kB: "<html><head><title>502 Bad Gateway…"`: what a server sent, in a few words. */
export function describeResponse(facts: ResponseFacts): string {
  const type = facts.contentType ? facts.contentType.split(';')[0].trim() : 'no content type';
  if (facts.bytesRead === 0 && facts.complete) return `an empty body (${type}, 0 bytes)`;
  const declared = facts.declaredBytes !== null ? `content-length ${formatBytes(facts.declaredBytes)}` : undefined;
  const size = facts.overflowed
    ? declared ? ` (${declared})` : ''
    : facts.complete
      ? `, ${formatBytes(facts.bytesRead)}`
      : `, ${formatBytes(facts.bytesRead)} read${declared ? ` of ${declared}` : ''}`;
  const head = facts.head.replace(/\s+/g, ' ').trim();
  const sample = head.length > SAMPLE_CHARS ? `${head.slice(0, SAMPLE_CHARS - 1)}…` : head;
  return `${type}${size}${sample ? `: "${sample}"` : ''}`;
}

/** Enough of a body to recognise it (a title, a JSON key) without flooding the one error line. */
const SAMPLE_CHARS = 60;

/** Did the stream's last event say `data: [DONE]`? (OpenAI's end marker; the SDK swallows it.) */
export function endedWithDone(facts: ResponseFacts | undefined): boolean {
  return facts !== undefined && /data:\s*\[DONE\]\s*$/.test(facts.tail);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
