import { createRequire } from 'node:module';
import ts from 'typescript';

/**
 * Checks JSON values against the TypeScript types an SDK declares for what the API returns (read
 * from its .d.ts with the TypeScript compiler): every field must be one the type declares, with a
 * value of its type (literals, unions, arrays, nested objects); a field the type requires and that
 * cannot be null must be there. Fields the type requires but allows to be null may be absent: the
 * SDK's response types declare fields as `X | null` that the API leaves out.
 */
export interface SdkTypes {
  /** Problems of `value` as the exported type `name` (empty when it conforms). */
  problems(value: unknown, name: string): string[];
}

export function sdkTypes(packageFile: string, modules: readonly string[]): SdkTypes {
  const require = createRequire(import.meta.url);
  const files = modules.map((module) => require.resolve(`${packageFile}/${module}`).replace(/\.js$/, '.d.ts'));
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const exported = new Map<string, ts.Type>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${file}`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) exported.set(symbol.name, checker.getDeclaredTypeOfSymbol(target));
    }
  }

  function check(value: unknown, type: ts.Type, path: string, out: string[]): void {
    if (type.isUnion()) {
      // The member with the fewest problems is what the value was meant to be (a `type` literal usually decides).
      let best: string[] | undefined;
      for (const member of type.types) {
        const found: string[] = [];
        check(value, member, path, found);
        if (found.length === 0) return;
        if (!best || found.length < best.length) best = found;
      }
      out.push(...(best ?? [`${path}: no type`]));
      return;
    }
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (value === null) {
      if (!(flags & ts.TypeFlags.Null)) out.push(`${path}: null where ${checker.typeToString(type)} belongs`);
      return;
    }
    if (type.isStringLiteral()) {
      if (value !== type.value) out.push(`${path}: ${JSON.stringify(value)} where ${JSON.stringify(type.value)} belongs`);
      return;
    }
    if (type.isNumberLiteral()) {
      if (value !== type.value) out.push(`${path}: ${JSON.stringify(value)} where ${type.value} belongs`);
      return;
    }
    if (flags & ts.TypeFlags.BooleanLiteral) {
      if (value !== (checker.typeToString(type) === 'true')) out.push(`${path}: ${JSON.stringify(value)} where ${checker.typeToString(type)} belongs`);
      return;
    }
    const primitive = flags & ts.TypeFlags.String ? 'string' : flags & ts.TypeFlags.Number ? 'number' : flags & ts.TypeFlags.Boolean ? 'boolean' : undefined;
    if (primitive) {
      if (typeof value !== primitive) out.push(`${path}: ${JSON.stringify(value)} where ${primitive} belongs`);
      return;
    }
    if (flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) {
      out.push(`${path}: ${JSON.stringify(value)} where ${checker.typeToString(type)} belongs`);
      return;
    }
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) {
        out.push(`${path}: ${JSON.stringify(value)} where an array belongs`);
        return;
      }
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      value.forEach((item, index) => check(item, element, `${path}[${index}]`, out));
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.push(`${path}: ${JSON.stringify(value)} where ${checker.typeToString(type)} belongs`);
      return;
    }
    const record = value as Record<string, unknown>;
    const indexed = checker.getIndexInfosOfType(type).length > 0;
    for (const [key, item] of Object.entries(record)) {
      const property = checker.getPropertyOfType(type, key);
      if (!property) {
        if (!indexed) out.push(`${path}.${key}: not a field of ${checker.typeToString(type)}`);
        continue;
      }
      check(item, checker.getTypeOfSymbol(property), `${path}.${key}`, out);
    }
    for (const property of checker.getPropertiesOfType(type)) {
      if (property.name in record || property.flags & ts.SymbolFlags.Optional) continue;
      const propertyType = checker.getTypeOfSymbol(property);
      const nullable = propertyType.isUnion() ? propertyType.types.some((member) => member.getFlags() & ts.TypeFlags.Null) : Boolean(propertyType.getFlags() & ts.TypeFlags.Null);
      if (!nullable) out.push(`${path}.${property.name}: missing (required by ${checker.typeToString(type)})`);
    }
  }

  return {
    problems(value, name) {
      const type = exported.get(name);
      if (!type) throw new Error(`${packageFile}: no exported type ${name}`);
      const out: string[] = [];
      check(value, type, name, out);
      return out;
    },
  };
}
