import { hashString, seededRandom, type Random } from './prng.js';
import type { ProtocolHandler } from './protocols/protocol.js';
import { PROTOCOLS } from './protocols/index.js';
import { RateWindow } from './rate-window.js';
import type { SimProviderSpec, SimScriptStep, SimStats } from './types.js';
import { validateProviderSpec } from './validate-spec.js';

/** One simulated provider's live state: its spec (patchable), PRNG, rate window, script and counters. */
export class SimulatedProvider {
  spec: SimProviderSpec;
  readonly protocol: ProtocolHandler;
  readonly random: Random;
  readonly window = new RateWindow();
  private script: SimScriptStep[];
  private readonly counts: SimStats = { requests: 0, byOutcome: {} };

  constructor(spec: SimProviderSpec, seed: number) {
    this.spec = { ...spec };
    this.protocol = PROTOCOLS[spec.protocol];
    // Each provider draws from its own stream so one provider's traffic never shifts another's outcomes.
    this.random = seededRandom(seed ^ hashString(spec.name));
    this.script = [...(spec.script ?? [])];
  }

  get models(): string[] {
    return this.spec.models && this.spec.models.length > 0 ? [...this.spec.models] : [...this.protocol.defaultModels];
  }

  takeScriptStep(): SimScriptStep | undefined {
    return this.script.shift();
  }

  countRequest(): void {
    this.counts.requests++;
  }

  countOutcome(key: string): void {
    this.counts.byOutcome[key] = (this.counts.byOutcome[key] ?? 0) + 1;
  }

  stats(): SimStats {
    return { requests: this.counts.requests, byOutcome: { ...this.counts.byOutcome } };
  }

  update(patch: Partial<SimProviderSpec>): void {
    if (patch.name !== undefined && patch.name !== this.spec.name) throw new Error(`cannot rename simulated provider "${this.spec.name}"`);
    if (patch.protocol !== undefined && patch.protocol !== this.spec.protocol) {
      throw new Error(`cannot change the protocol of simulated provider "${this.spec.name}" (its URLs depend on it)`);
    }
    const next = { ...this.spec, ...patch };
    validateProviderSpec(next);
    this.spec = next;
    if (patch.script !== undefined) this.script = [...patch.script];
  }
}
