import { describe, expect, it } from 'vitest';
import { ADAPTER_FACTORIES } from '../../src/providers/adapter-factories.js';
import { assertAdapterSettings, descriptorOf, isProviderType, PROVIDER_TYPE_DESCRIPTORS } from '../../src/provider-types/index.js';
import { PROVIDER_TYPES, type ProviderType } from '../../src/spec/config.js';
import { ConfigError } from '../../src/spec/errors.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';

const DESCRIPTORS = Object.values(PROVIDER_TYPE_DESCRIPTORS);

describe('one descriptor and one adapter factory per provider type', () => {
  it('every type has both, under its own name, and nothing else is listed', () => {
    expect(Object.keys(PROVIDER_TYPE_DESCRIPTORS)).toEqual([...PROVIDER_TYPES]);
    for (const type of PROVIDER_TYPES) expect(descriptorOf(type).type).toBe(type);
    expect(Object.keys(ADAPTER_FACTORIES).sort()).toEqual([...PROVIDER_TYPES].sort());
  });

  it('isProviderType accepts exactly the types (not inherited object keys)', () => {
    for (const type of PROVIDER_TYPES) expect(isProviderType(type)).toBe(true);
    for (const name of ['no-such-type', 'constructor', 'toString', '', 'OpenAI']) expect(isProviderType(name)).toBe(false);
  });
});

describe('descriptors are complete and consistent', () => {
  const variablesOf = (type: ProviderType): string[] => {
    const descriptor = descriptorOf(type);
    return [descriptor.apiKey.variable, descriptor.address.variable, descriptor.apiVersion?.variable, descriptor.nameVariable].filter((name) => name !== undefined);
  };

  it.each(PROVIDER_TYPES)('%s: variable names are shell variable names and share its models prefix', (type) => {
    const descriptor = descriptorOf(type);
    expect(descriptor.label).not.toBe('');
    for (const variable of variablesOf(type)) {
      expect(variable).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(variable.startsWith(`${descriptor.models.variablePrefix}_`), `${variable} under ${descriptor.models.variablePrefix}_`).toBe(true);
    }
  });

  it('no two types read the same variable or models prefix', () => {
    const all = PROVIDER_TYPES.flatMap(variablesOf);
    expect(new Set(all).size).toBe(all.length);
    const prefixes = DESCRIPTORS.map((descriptor) => descriptor.models.variablePrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it.each(PROVIDER_TYPES)('%s: a required key names its variable; an address is either required or has a default, never both', (type) => {
    const { apiKey, address, apiVersion } = descriptorOf(type);
    if (apiKey.required) expect(apiKey.variable).toBeDefined();
    expect(address.requiredHint !== undefined && address.default !== undefined).toBe(false);
    if (address.default !== undefined) expect(new URL(address.default).protocol).toMatch(/^https?:$/);
    if (apiVersion !== undefined) expect(apiVersion.default).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
  });

  it('a free type is local by default (a local provider is priced at 0 before any lookup)', () => {
    for (const descriptor of DESCRIPTORS) if (descriptor.priceFamily === 'free') expect(descriptor.local).toBe(true);
  });
});

describe('the adapter factory checks what a type cannot work without', () => {
  it.each(PROVIDER_TYPES)('%s: a complete config passes', (type) => {
    expect(() => assertAdapterSettings(providerConfig(type, { baseUrl: 'http://127.0.0.1:9', apiVersion: '2024-10-21' }))).not.toThrow();
  });

  it.each(DESCRIPTORS.filter((descriptor) => descriptor.address.requiredHint !== undefined).map((descriptor) => descriptor.type))(
    '%s without its address is a ConfigError naming the key',
    (type) => {
      const key = descriptorOf(type).address.key;
      expect(() => assertAdapterSettings(providerConfig(type, { name: 'p', baseUrl: undefined, endpoint: undefined, apiVersion: '2024-10-21' }))).toThrow(
        new ConfigError(`providers.p.${key} is required for type ${type}`),
      );
    },
  );

  it('a missing key is not the factory check\'s business (the provider is listed, unavailable)', () => {
    for (const type of PROVIDER_TYPES) {
      expect(() => assertAdapterSettings(providerConfig(type, { apiKey: undefined, baseUrl: 'http://127.0.0.1:9', apiVersion: '2024-10-21' }))).not.toThrow();
    }
  });
});
