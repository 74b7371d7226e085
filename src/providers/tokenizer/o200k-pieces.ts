// o200k_base splits text into pieces before byte-pair encoding each one (tiktoken's pre-tokenizer).
// tiktoken writes it with an inline case-insensitive group for the English contractions,
// (?i:'s|'t|'re|'ve|'m|'ll|'d), which Node 20's RegExp lacks: the letter cases are spelled out.
const UPPER = String.raw`\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}`;
const LOWER = String.raw`\p{Ll}\p{Lm}\p{Lo}\p{M}`;
const CONTRACTION = String.raw`(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))?`;

const O200K_PIECE = [
  String.raw`[^\r\n\p{L}\p{N}]?[${UPPER}]*[${LOWER}]+${CONTRACTION}`,
  String.raw`[^\r\n\p{L}\p{N}]?[${UPPER}]+[${LOWER}]*${CONTRACTION}`,
  String.raw`\p{N}{1,3}`,
  String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
  String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`,
  String.raw`\s+`,
].join('|');

/** A fresh global matcher (each count keeps its own lastIndex). */
export function o200kPieceMatcher(): RegExp {
  return new RegExp(O200K_PIECE, 'gu');
}
