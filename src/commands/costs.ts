import type { Command } from 'commander';
import { BudgetExceededError, UsageError } from '../spec/errors.js';
import { COST_DIMENSIONS, type CostDimension } from '../spec/ledger.js';
import { globalOptions, note, printJson, tableOptions, warn } from './output.js';
import { collect } from './parse-options.js';
import { formatUsd } from '../shared/format-usd.js';
import { formatPercent } from '../shared/format-percent.js';

interface CostsOptions {
  today?: boolean;
  month?: boolean | string;
  since?: string;
  until?: string;
  by?: string[];
  tz?: string;
  csv?: boolean;
  check?: boolean;
  reprice?: boolean;
}

export function registerCosts(program: Command): void {
  program
    .command('costs')
    .description('report spend from the usage ledger (default: the current month), with budgets and a month-end projection')
    .option('--today', 'today only')
    .option('--month [YYYY-MM]', 'a calendar month (default: the current one)')
    .option('--since <date>', 'from this day (YYYY-MM-DD, its midnight in --tz) or ISO 8601 instant')
    .option('--until <date>', 'up to and including this day (YYYY-MM-DD) or up to an ISO 8601 instant')
    .option('--by <keys>', `group by ${COST_DIMENSIONS.join('|')} (repeatable or comma list; default provider; model = the model requested)`, collect)
    .option('--tz <zone>', 'IANA time zone for days and months (default: the local zone)')
    .option('--csv', 'print the rows as CSV')
    .option('--check', 'exit 5 when any budget is past its alert threshold (a CI gate)')
    .option('--reprice', 'recompute stored costs with the current prices first (all rows, or the period given)')
    .action(async (options: CostsOptions, command: Command) => {
      await runCosts(options, command);
    });
}

async function runCosts(options: CostsOptions, command: Command): Promise<void> {
  const globals = globalOptions(command);
  if (globals.json && options.csv) throw new UsageError('--json and --csv cannot be combined');
  const by = parseBy(options.by);
  const { resolveTimeZone } = await import('../shared/time-zone.js');
  const { resolveCostsPeriod } = await import('../ledger/costs-period.js');
  const now = Date.now();
  const timeZone = resolveTimeZone(options.tz);
  const period = resolveCostsPeriod(options, now, timeZone);

  const { openContext } = await import('./context.js');
  const { config, store, priceOf, close } = await openContext(command);
  try {
    let reprice: import('../spec/ledger.js').RepriceResult | undefined;
    if (options.reprice) {
      const explicitPeriod = options.today || options.month !== undefined || options.since !== undefined || options.until !== undefined;
      const { attemptPriceLookup, attemptRepricer } = await import('../pricing/index.js');
      reprice = await store.ledger.reprice(attemptRepricer(attemptPriceLookup(priceOf)), explicitPeriod ? { sinceMs: period.sinceMs, untilMs: period.untilMs } : {});
      const { repriceLines } = await import('../ledger/reprice-lines.js');
      for (const line of repriceLines(reprice)) note(line);
    }
    const { buildCostsReport } = await import('../ledger/costs-report.js');
    const report = await buildCostsReport({ ledger: store.ledger, config, period, by, now });
    if (globals.json) {
      const { repriceJson } = await import('../ledger/reprice-lines.js');
      printJson('costs', reprice ? { ...report, reprice: repriceJson(reprice) } : report, config.warnings);
    } else {
      for (const warning of config.warnings) warn(warning);
      const { renderCostsCsv, renderCostsTable } = await import('../ledger/render-costs.js');
      process.stdout.write(options.csv ? renderCostsCsv(report) : renderCostsTable(report, tableOptions(globals)));
    }
    if (options.check) {
      const over = (report.budgets ?? []).filter((budget) => budget.state !== 'ok');
      if (report.budgets === undefined) note('costs --check: no budgets are configured; nothing to check');
      if (over.length > 0) {
        throw new BudgetExceededError(
          `${over.length} budget(s) past their alert threshold`,
          over.map((budget) => `${budget.budget} (${budget.period}): ${formatUsd(budget.spent_usd)} of ${formatUsd(budget.limit_usd)}, ${formatPercent(budget.fraction)} (alert at ${formatPercent(budget.threshold)})`),
        );
      }
    }
  } finally {
    close();
  }
}

/** `--by a,b --by c` into known dimensions, in order, without repeats. */
function parseBy(values: string[] | undefined): CostDimension[] {
  if (values === undefined) return ['provider'];
  const by: CostDimension[] = [];
  for (const value of values.flatMap((entry) => entry.split(','))) {
    const key = value.trim();
    if (!(COST_DIMENSIONS as readonly string[]).includes(key)) {
      throw new UsageError(`--by: unknown key ${JSON.stringify(key)} (expected ${COST_DIMENSIONS.join(', ')})`);
    }
    if (!by.includes(key as CostDimension)) by.push(key as CostDimension);
  }
  return by;
}
