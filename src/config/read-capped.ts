import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../spec/errors.js';

/**
 * The most llmx reads of a configuration file (providers.yaml, .env). The largest real ones are a
 * few kB; this bound keeps `--config /dev/zero` or a wrongly named log file from being read whole
 * (that read ~600 MB before failing).
 */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * A configuration file's text, read up to `maxBytes`: a longer file (or an endless device) is
 * refused naming its size, a binary one as not text. Never quotes the content. `name` is how
 * messages call the file. fs errors (ENOENT, EISDIR, EACCES) pass through for the caller to word.
 */
export function readConfigText(path: string, name: string, maxBytes = MAX_CONFIG_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (stats.isFile() && stats.size > maxBytes) throw new ConfigError(`${name} is ${formatBytes(stats.size)}; a configuration file may be at most ${formatBytes(maxBytes)} (is it the right file?)`);
    // Read one byte past the limit to tell "exactly at it" from "over it" for sizes stat cannot give (devices, pipes).
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, stats.isFile() ? stats.size + 1 : maxBytes + 1));
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new ConfigError(`${name} is over ${formatBytes(maxBytes)} (reading stopped there); a configuration file may be at most ${formatBytes(maxBytes)} (is it the right file?)`);
      if (length === buffer.length) break;
    }
    const bytes = buffer.subarray(0, length);
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new ConfigError(`${name} is not a text file (a NUL byte at offset ${nul}); expected YAML or KEY=VALUE lines`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ConfigError(`${name} is not UTF-8 text; expected YAML or KEY=VALUE lines`);
    }
  } finally {
    closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
