import { ConfigError } from '../spec/errors.js';

export interface BudgetAlertOptions {
  /** USD per day; unset = no daily limit. */
  dailyBudget?: number;
  /** USD per month; unset = no monthly limit. */
  monthlyBudget?: number;
  /** Fraction of a budget at which to alert. Default 0.8. */
  alertThreshold?: number;
}

export interface BudgetCheck {
  dailyAlert: boolean;
  dailyExceeded: boolean;
  monthlyAlert: boolean;
  monthlyExceeded: boolean;
}

/**
 * The seed's BudgetAlert: thresholds derived from the budgets, and `checkBudget(fn)`, which wraps a
 * check so it runs with this alert (and returns what the check returns). For budgets that alert
 * once per period across processes and can block spending, configure `budgets:` and use the CLI.
 */
export class BudgetAlert {
  readonly dailyBudget?: number;
  readonly monthlyBudget?: number;
  readonly alertThreshold: number;

  constructor(options: BudgetAlertOptions) {
    for (const [name, value] of [['dailyBudget', options.dailyBudget], ['monthlyBudget', options.monthlyBudget]] as const) {
      if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw new ConfigError(`BudgetAlert ${name}: expected a positive number of USD, got ${value}`);
    }
    const threshold = options.alertThreshold ?? 0.8;
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) throw new ConfigError(`BudgetAlert alertThreshold: expected a number above 0 and at most 1, got ${threshold}`);
    this.dailyBudget = options.dailyBudget;
    this.monthlyBudget = options.monthlyBudget;
    this.alertThreshold = threshold;
  }

  /** USD of daily spend at which to alert (Infinity without a daily budget). */
  get dailyThreshold(): number {
    return this.dailyBudget === undefined ? Infinity : this.dailyBudget * this.alertThreshold;
  }

  /** USD of monthly spend at which to alert (Infinity without a monthly budget). */
  get monthlyThreshold(): number {
    return this.monthlyBudget === undefined ? Infinity : this.monthlyBudget * this.alertThreshold;
  }

  /** Wraps a budget check: the wrapper calls `fn` with this alert and returns its result. */
  checkBudget<Args extends unknown[], Result>(fn: (...args: Args) => Result | Promise<Result>): (...args: Args) => Promise<Result> {
    return async (...args: Args) => fn.call(this, ...args);
  }

  /** Where the given spend (USD) stands against the thresholds and budgets. */
  evaluate(spend: { daily?: number; monthly?: number }): BudgetCheck {
    const daily = spend.daily ?? 0;
    const monthly = spend.monthly ?? 0;
    return {
      dailyAlert: daily >= this.dailyThreshold,
      dailyExceeded: this.dailyBudget !== undefined && daily >= this.dailyBudget,
      monthlyAlert: monthly >= this.monthlyThreshold,
      monthlyExceeded: this.monthlyBudget !== undefined && monthly >= this.monthlyBudget,
    };
  }
}
