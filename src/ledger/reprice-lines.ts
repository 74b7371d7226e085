import type { RepriceResult } from '../spec/ledger.js';
import { formatUsd } from '../shared/format-usd.js';
import { roundUsd } from './costs-report.js';

/**
 * What `costs --reprice` changed and why, for stderr: the totals, then one line per provider, model
 * and change of price list (`bundled 2025-11-24 -> providers.yaml`), with the cost before and after.
 */
export function repriceLines(result: RepriceResult): string[] {
  const lines = [
    `repriced: ${result.changed} of ${result.examined} attempt(s) changed; ${result.unpriced} still without a known price` +
      (result.billed > 0 ? `; ${result.billed} billed by the server, kept as billed` : ''),
  ];
  for (const change of result.changes) {
    const sources = change.fromSource === change.toSource ? `${change.toSource ?? 'no price'} (its prices changed)` : `${change.fromSource ?? 'no price'} -> ${change.toSource ?? 'no price'}`;
    lines.push(`  ${change.provider}/${change.model}: ${change.attempts} attempt(s), ${sources}: ${cost(change.costBeforeUsd, change.unknownBefore)} -> ${cost(change.costAfterUsd, change.unknownAfter)}`);
  }
  return lines;
}

function cost(knownUsd: number, unknown: number): string {
  return unknown > 0 ? `${formatUsd(knownUsd)} + ${unknown} unknown` : formatUsd(knownUsd);
}

/** `--json`'s `reprice`: the same, snake_case. */
export function repriceJson(result: RepriceResult) {
  return {
    examined: result.examined,
    changed: result.changed,
    unpriced: result.unpriced,
    billed: result.billed,
    changes: result.changes.map((change) => ({
      provider: change.provider,
      model: change.model,
      from_source: change.fromSource,
      to_source: change.toSource,
      attempts: change.attempts,
      cost_before_usd: roundUsd(change.costBeforeUsd),
      cost_after_usd: roundUsd(change.costAfterUsd),
      unknown_before: change.unknownBefore,
      unknown_after: change.unknownAfter,
    })),
  };
}
