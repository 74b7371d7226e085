import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIT_TIER_VIOLATION } from '../helpers/unit-tier-guard.js';
import { ROOT } from '../helpers/root.js';
import { UNIT_TESTS } from '../tiers.js';

describe('test tiers', () => {
  it('the unit tier refuses a child process and a listening server, naming the remedy', () => {
    expect(() => spawn(process.execPath, ['-e', '0'])).toThrow(UNIT_TIER_VIOLATION);
    expect(() => createServer().listen(0)).toThrow(UNIT_TIER_VIOLATION);
  });

  it('every unit entry names a test file that exists (a stale entry would hide nothing)', () => {
    for (const entry of UNIT_TESTS) {
      expect(entry, entry).toMatch(/\.test\.tsx?$/);
      expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    }
  });
});
