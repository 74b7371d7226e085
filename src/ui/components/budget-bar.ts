/** "█████░░░░░" filled by share, capped at full; over the limit shows as a full bar (the label says by how much). */
export function budgetBar(spentUsd: number, limitUsd: number, width: number): string {
  const share = limitUsd > 0 ? Math.min(1, Math.max(0, spentUsd / limitUsd)) : 1;
  const filled = Math.round(share * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** green below 80%, yellow to 100%, red beyond. */
export function budgetColor(spentUsd: number, limitUsd: number): 'green' | 'yellow' | 'red' {
  const share = limitUsd > 0 ? spentUsd / limitUsd : Number.POSITIVE_INFINITY;
  if (share >= 1) return 'red';
  return share >= 0.8 ? 'yellow' : 'green';
}
