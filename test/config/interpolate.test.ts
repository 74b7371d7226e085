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

  it('rejects malformed references', () => {
    expect(() => interpolate('${UNCLOSED', {})).toThrow('unterminated "${" (expected ${NAME} or ${NAME:-default})');
    expect(() => interpolate('${1BAD}', {})).toThrow('"${1BAD}" is not a variable reference');
  });
});
