/**
 * A BPE vocabulary: every token's bytes and its rank (its id, and its merge priority: lower merges
 * first). Held as one byte array plus an open-addressing hash table of typed arrays, so building it
 * from the 200k-line o200k_base file costs tens of milliseconds and a few MB, where a Map of 200k
 * strings costs half a second and ~35 MB of heap.
 */
export interface Vocabulary {
  /** The rank of the byte sequence bytes[start, end), or -1 when it is no token. */
  rankOf(bytes: Uint8Array, start: number, end: number): number;
  /** The longest token in bytes: a longer span can never be one, so is not looked up. */
  readonly maxTokenBytes: number;
  readonly size: number;
}

/**
 * Parses a `.tiktoken` file (tiktoken's format: one `BASE64 RANK` line per token). Ranks must run
 * 0, 1, 2... in order, as in every published encoding; anything else is refused rather than
 * guessed at, since a wrong table would count wrongly without a sound.
 */
export function parseTiktoken(file: Uint8Array): Vocabulary {
  const tokenBytes = new Uint8Array(file.length);
  const starts: number[] = [0];
  let written = 0;
  let position = 0;
  // One pass over the bytes (no per-line indexOf: each is a call into C++ and 400k of them cost more than the parse).
  while (position < file.length) {
    if (file[position] === 0x0a) {
      position += 1;
      continue;
    }
    let space = position;
    while (space < file.length && file[space] !== 0x20 && file[space] !== 0x0a) space += 1;
    if (file[space] !== 0x20) throw new Error(`tokenizer data: line ${starts.length} has no rank`);
    let lineEnd = space + 1;
    while (lineEnd < file.length && file[lineEnd] !== 0x0a) lineEnd += 1;
    written = decodeBase64(file, position, space, tokenBytes, written);
    const rank = parseDecimal(file, space + 1, lineEnd);
    if (rank !== starts.length - 1) throw new Error(`tokenizer data: line ${starts.length} has rank ${rank}, expected ${starts.length - 1}`);
    starts.push(written);
    position = lineEnd + 1;
  }
  return buildVocabulary(tokenBytes.subarray(0, written), Int32Array.from(starts));
}

function buildVocabulary(bytes: Uint8Array, starts: Int32Array): Vocabulary {
  const size = starts.length - 1;
  // A power of two at least twice the token count keeps linear probes short.
  let slotCount = 1;
  while (slotCount < size * 2) slotCount *= 2;
  const mask = slotCount - 1;
  const slots = new Int32Array(slotCount).fill(-1);
  let maxTokenBytes = 0;
  for (let rank = 0; rank < size; rank++) {
    const start = starts[rank]!;
    const end = starts[rank + 1]!;
    maxTokenBytes = Math.max(maxTokenBytes, end - start);
    let slot = hashBytes(bytes, start, end) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = rank;
  }

  function rankOf(query: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > maxTokenBytes || length <= 0) return -1;
    let slot = hashBytes(query, start, end) & mask;
    for (;;) {
      const rank = slots[slot]!;
      if (rank === -1) return -1;
      const tokenStart = starts[rank]!;
      if (starts[rank + 1]! - tokenStart === length && sameBytes(bytes, tokenStart, query, start, length)) return rank;
      slot = (slot + 1) & mask;
    }
  }

  return { rankOf, maxTokenBytes, size };
}

/** FNV-1a, 32 bits. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (a[aStart + offset] !== b[bStart + offset]) return false;
  return true;
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index++) values[alphabet.charCodeAt(index)] = index;
  return values;
})();

/** Decodes the base64 text in[start, end) into out at `at`; returns the new end of out. */
function decodeBase64(input: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let buffer = 0;
  let bits = 0;
  for (let index = start; index < end; index++) {
    const code = input[index]!;
    if (code === 0x3d) break; // '=' padding ends the value
    const value = code < 128 ? BASE64_VALUES[code]! : -1;
    if (value < 0) throw new Error(`tokenizer data: byte ${index} is not base64`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return at;
}

function parseDecimal(input: Uint8Array, start: number, end: number): number {
  let value = 0;
  if (start >= end) return -1;
  for (let index = start; index < end; index++) {
    const digit = input[index]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
