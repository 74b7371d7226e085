
export interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative counts, one per bound, as the ledger returns them. */
  cumulativeCounts: number[];
  count: number;
  sumS: number;
}

interface SeriesValue {
  metricName: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A histogram whose buckets are already counted (by the ledger). prom-client's Histogram only
 * observes values one by one; replaying every ledger row per scrape would be wasteful, so this
 * object hands the registry finished buckets in the shape it formats.
 */
export class PrecountedHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly boundsS: readonly number[],
    private readonly series: readonly HistogramSeries[],
  ) {}

  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: SeriesValue[] }> {
    const values: SeriesValue[] = [];
    for (const one of this.series) {
      this.boundsS.forEach((bound, index) => {
        values.push({ metricName: `${this.name}_bucket`, labels: { ...one.labels, le: String(bound) }, value: one.cumulativeCounts[index] ?? 0 });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...one.labels, le: '+Inf' }, value: one.count });
      values.push({ metricName: `${this.name}_sum`, labels: one.labels, value: one.sumS });
      values.push({ metricName: `${this.name}_count`, labels: one.labels, value: one.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
