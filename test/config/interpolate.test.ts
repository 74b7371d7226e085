import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/index.js';

describe('interpolate', () => {
  it('substitutes set variables and records them as used', () => {
    expect(interpolate('https://${HOST}:${PORT}/v1', { HOST: 'example.test', PORT: '8080' })).toEqual({
      value: 'https://example.test:8080/v1',
      missing: [],
      used: ['HOST', 'PORT'],
      hadReferences: true,
    });
  });

  it('uses the default when the variable is unset or empty, and records nothing missing', () => {
    expect(interpolate('${RPM:-60}', {}).value).toBe('60');
    expect(interpolate('${RPM:-60}', { RPM: '' }).value).toBe('60');
    expect(interpolate('${RPM:-60}', { RPM: '90' }).value).toBe('90');
    expect(interpolate('${OPENAI_BASE_URL:-}', {})).toMatchObject({ value: '', missing: [] });
  });

  it('reports unset variables without a default as missing', () => {
    const result = interpolate('${OPENAI_API_KEY}', {});
    expect(result.missing).toEqual(['OPENAI_API_KEY']);
    expect(result.used).toEqual([]);
    expect(interpolate('${KEY}', { KEY: '' }).missing).toEqual(['KEY']);
  });

  it('leaves text without references alone, keeps a lone $, and unescapes $${', () => {
    expect(interpolate('price $5', {})).toMatchObject({ value: 'price $5', hadReferences: false });
    expect(interpolate('literal $${HOME}', { HOME: '/root' }).value).toBe('literal ${HOME}');
  });

  it('interpolates a default that holds references, to any depth, only when the default is used', () => {
    expect(interpolate('${OUTER:-${INNER}}', { INNER: 'http://inner' })).toMatchObject({ value: 'http://inner', used: ['INNER'], missing: [] });
    expect(interpolate('${OUTER:-${INNER}}', { OUTER: 'http://outer' })).toMatchObject({ value: 'http://outer', used: ['OUTER'], missing: [] });
    expect(interpolate('${A:-${B:-${C:-last}}}/v1', {})).toMatchObject({ value: 'last/v1', missing: [] });
    // The default's own unset reference is missing, as it would be written alone.
    expect(interpolate('${OUTER:-${INNER}}', {})).toMatchObject({ value: '', missing: ['INNER'] });
  });

  it('rejects a variable name built from another variable, saying what is allowed', () => {
    expect(() => interpolate('${A${B}}', { B: 'X' })).toThrow('"${A${B}}" is not a variable reference (expected ${NAME} or ${NAME:-default}); a variable name cannot come from another variable (a default can: ${NAME:-${OTHER}})');
  });

  it('rejects malformed references', () => {
    expect(() => interpolate('${UNCLOSED', {})).toThrow('unterminated "${" (expected ${NAME} or ${NAME:-default})');
    expect(() => interpolate('${1BAD}', {})).toThrow('"${1BAD}" is not a variable reference');
  });
});
