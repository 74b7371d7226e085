import type { Vocabulary } from './vocabulary.js';

/**
 * The number of tokens byte-pair encoding makes of bytes[0, length): tiktoken's merge rule (merge
 * the adjacent pair whose joined bytes have the lowest rank, the leftmost of equals, until no pair
 * is a token), in O(n log n) with a linked list of parts and a heap of candidate pairs. The plain
 * form of that rule rescans every pair after each merge, O(n²) on a long run without spaces: a
 * 256 KB answer of one letter took minutes that way.
 */
export function countPieceTokens(vocabulary: Vocabulary, bytes: Uint8Array, length: number): number {
  if (length <= 1) return length;
  if (vocabulary.rankOf(bytes, 0, length) >= 0) return 1;
  const work = workspace(length);
  const { next, prev, pairRank } = work;
  // Part i starts at byte i while alive; next[i] is where it ends (and the next part starts).
  for (let index = 0; index < length; index++) {
    next[index] = index + 1;
    prev[index] = index - 1;
  }
  const heap = new PairHeap(work.heap);
  for (let index = 0; index + 1 < length; index++) {
    const rank = vocabulary.rankOf(bytes, index, index + 2);
    pairRank[index] = rank;
    if (rank >= 0) heap.push(rank, index);
  }

  // The rank of part `at` joined with the part after it, or -1.
  const joinedRank = (at: number): number => {
    const after = next[at]!;
    if (after >= length) return -1;
    return vocabulary.rankOf(bytes, at, next[after]!);
  };

  let parts = length;
  while (heap.size > 0) {
    const key = heap.pop();
    const rank = Math.floor(key / POSITION_SPACE);
    const at = key - rank * POSITION_SPACE;
    // Stale entries (a part merged away, or a pair whose rank changed since it was pushed) are skipped.
    if (next[at] === REMOVED || pairRank[at] !== rank) continue;
    const absorbed = next[at]!;
    const after = next[absorbed]!;
    next[at] = after;
    if (after < length) prev[after] = at;
    next[absorbed] = REMOVED;
    parts -= 1;
    const own = joinedRank(at);
    pairRank[at] = own;
    if (own >= 0) heap.push(own, at);
    const before = prev[at]!;
    if (before >= 0) {
      const left = joinedRank(before);
      pairRank[before] = left;
      if (left >= 0) heap.push(left, before);
    }
  }
  return parts;
}

const REMOVED = -1;
// Heap keys are rank × 2^32 + position: exact in a double (ranks < 2^20), ordered by rank then position.
const POSITION_SPACE = 2 ** 32;

interface Workspace {
  next: Int32Array;
  prev: Int32Array;
  pairRank: Int32Array;
  heap: Float64Array;
}

// Reused across calls (counting is synchronous and single-threaded): a long piece allocates once.
let shared: Workspace = allocate(256);

function workspace(length: number): Workspace {
  if (shared.next.length < length + 1) shared = allocate(Math.max(length + 1, shared.next.length * 2));
  return shared;
}

function allocate(capacity: number): Workspace {
  // The heap holds at most length - 1 initial pairs plus two per merge: under 3 × length.
  return { next: new Int32Array(capacity), prev: new Int32Array(capacity), pairRank: new Int32Array(capacity), heap: new Float64Array(capacity * 3) };
}

/** A binary min-heap of numeric keys over a preallocated array. */
class PairHeap {
  size = 0;
  constructor(private readonly keys: Float64Array) {}

  push(rank: number, position: number): void {
    const keys = this.keys;
    const key = rank * POSITION_SPACE + position;
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[index] = keys[parent]!;
      index = parent;
    }
    keys[index] = key;
  }

  pop(): number {
    const keys = this.keys;
    const top = keys[0]!;
    const last = keys[--this.size]!;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && keys[child + 1]! < keys[child]!) child += 1;
      if (keys[child]! >= last) break;
      keys[index] = keys[child]!;
      index = child;
    }
    keys[index] = last;
    return top;
  }
}
