/**
 * The unit tier's promise, enforced: no child processes and no servers. Loaded as a setup file of the
 * `unit` project only (vitest.config.ts); a unit test that spawns or listens fails at once with the
 * reason, instead of quietly making the fast tier slow.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

export const UNIT_TIER_VIOLATION = 'unit tier: no child processes or servers here; take this file out of test/tiers.ts (the e2e tier)';

function refuse(what: string): never {
  throw new Error(`${UNIT_TIER_VIOLATION} (${what})`);
}

for (const name of ['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = () => refuse(`child_process.${name}`);
}
net.Server.prototype.listen = function listen(): never {
  refuse('a server listening');
};
// ESM named imports of builtins (`import { spawn } from 'node:child_process'`) see the patched exports only after this.
syncBuiltinESMExports();
