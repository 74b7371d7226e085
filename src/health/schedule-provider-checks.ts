import { checkProviders, type CheckProvidersOptions, type ProviderHealth } from './check-providers.js';

export interface ScheduleProviderChecksOptions extends CheckProvidersOptions {
  /** Seconds between the end of one round and the start of the next. */
  intervalS: number;
  onResults?: (rows: ProviderHealth[]) => void;
  /** A round that throws (e.g. the database is busy) is reported here; the next round still runs. */
  onError?: (error: unknown) => void;
}

/**
 * Provider checks on a timer, for long-running processes (`metrics --serve`): every round writes the
 * verdicts to state, so provider_up stays current enough to alert on. Returns a stop function.
 */
export function scheduleProviderChecks(options: ScheduleProviderChecksOptions): () => void {
  if (!(options.intervalS > 0)) throw new RangeError(`intervalS must be a positive number of seconds, got ${options.intervalS}`);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async (): Promise<void> => {
    try {
      const rows = await checkProviders(options);
      if (!stopped) options.onResults?.(rows);
    } catch (error) {
      if (!stopped) options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => void round(), options.intervalS * 1000);
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
