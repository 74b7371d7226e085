import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validators for component schemas vendored under fixtures/schemas/ (see their `$comment` for the
 * source and commit). The vendored files are the vendors' text, unchanged; what ajv cannot read as
 * is, OpenAPI 3.0's `nullable: true` (which both specs use, also in 3.1 documents), is rewritten here
 * on load as the JSON Schema it means: `anyOf: [the schema, {type: null}]`.
 */
export function openApiValidators(file: string): (schema: string) => ValidateFunction {
  const vendored = JSON.parse(readFileSync(new URL(`../../fixtures/schemas/${file}`, import.meta.url), 'utf8')) as { components: unknown };
  // strict off: the specs carry OpenAPI-only keywords (discriminator, x-*, example, deprecated); formats such as "unixtime" are documentation.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: file, components: withNullable(vendored.components) });
  return (schema) => {
    const validate = ajv.getSchema(`${file}#/components/schemas/${schema}`);
    if (!validate) throw new Error(`${file}: no schema ${schema}`);
    return validate;
  };
}

function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withNullable(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** ajv's errors as one readable line each: where, what. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
