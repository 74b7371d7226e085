import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigText } from '../../src/config/read-capped.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs('llmx-read-capped-');

describe('readConfigText', () => {
  it('reads a file at the limit, refuses one a byte over it naming its size', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'at'), 'a'.repeat(1024));
    writeFileSync(join(dir, 'over'), 'a'.repeat(1025));
    expect(readConfigText(join(dir, 'at'), 'at', 1024)).toHaveLength(1024);
    expect(() => readConfigText(join(dir, 'over'), 'over', 1024)).toThrow('over is 1.0 KB; a configuration file may be at most 1.0 KB');
  });

  it('stops reading a device at the limit', () => {
    expect(() => readConfigText('/dev/zero', 'zeros', 4096)).toThrow('zeros is over 4.0 KB (reading stopped there)');
  });

  it('passes fs errors through for the caller to word', () => {
    expect(() => readConfigText(join(tempDir(), 'missing'), 'missing')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readConfigText(tempDir(), 'dir')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});
