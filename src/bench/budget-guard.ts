/**
 * --budget: never start a request that could take spending past the limit. Each in-flight request
 * holds a reservation: a worst case from the prompt size and the output cap. When the cap is only the
 * adapters' default (1024 tokens) that bound is far above a typical answer, so once a request to the
 * target has finished the dearest one seen is reserved instead (`boundIsTight` false): a later, dearer
 * answer can then overshoot by the difference. Unpriced targets cannot be guarded and reserve 0.
 */
export class BudgetGuard {
  private spentUsd = 0;
  private reservedUsd = 0;
  private readonly dearestUsd = new Map<string, number>();

  /**
   * @param limitUsd the --budget, in USD
   * @param worstCaseUsd cost bound of one request to a target; null when unpriced
   * @param boundIsTight true when --max-tokens caps the output: always reserve the bound. Default false.
   */
  constructor(
    readonly limitUsd: number,
    private readonly worstCaseUsd: (targetId: string) => number | null,
    private readonly boundIsTight = false,
  ) {}

  /** Whether one more request to the target would fit now, without reserving it. */
  wouldFit(targetId: string): boolean {
    return this.spentUsd + this.reservedUsd + this.estimateUsd(targetId) <= this.limitUsd;
  }

  private estimateUsd(targetId: string): number {
    const boundUsd = this.worstCaseUsd(targetId);
    const dearestUsd = this.dearestUsd.get(targetId);
    if (this.boundIsTight && boundUsd !== null) return Math.max(boundUsd, dearestUsd ?? 0);
    return dearestUsd ?? boundUsd ?? 0;
  }

  /** Reserves one request's cost; false means starting it could exceed the budget. */
  tryReserve(targetId: string): number | false {
    const estimateUsd = this.estimateUsd(targetId);
    if (this.spentUsd + this.reservedUsd + estimateUsd > this.limitUsd) return false;
    this.reservedUsd += estimateUsd;
    return estimateUsd;
  }

  /** Releases a reservation and books what the request actually cost (null = unpriced). */
  settle(targetId: string, reservedUsd: number, actualUsd: number | null): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservedUsd);
    if (actualUsd === null) return;
    this.spentUsd += actualUsd;
    this.dearestUsd.set(targetId, Math.max(this.dearestUsd.get(targetId) ?? 0, actualUsd));
  }

  get spent(): number {
    return this.spentUsd;
  }
}
