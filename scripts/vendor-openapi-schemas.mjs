#!/usr/bin/env node
// Vendors named component schemas (and every schema they reference) out of an OpenAPI document into
// one JSON file under fixtures/schemas/, with where they came from. Data, not code: the conformance
// tests validate the simulator's output against it with ajv.
//
//   node scripts/vendor-openapi-schemas.mjs <openapi.json> <out.json> <source> <commit> <Schema>...
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, source, commit, ...roots] = process.argv.slice(2);
if (!input || !output || !source || !commit || roots.length === 0) {
  console.error('usage: vendor-openapi-schemas.mjs <openapi.json> <out.json> <source> <commit> <Schema>...');
  process.exit(2);
}
const document = JSON.parse(readFileSync(input, 'utf8'));
const all = document.components?.schemas ?? {};
const picked = {};
const pending = [...roots];
while (pending.length > 0) {
  const name = pending.pop();
  if (name in picked) continue;
  if (!(name in all)) throw new Error(`${input}: no components.schemas.${name}`);
  picked[name] = all[name];
  const text = JSON.stringify(all[name]);
  for (const match of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) pending.push(match[1]);
}
const sorted = Object.fromEntries(Object.keys(picked).sort().map((name) => [name, picked[name]]));
const vendored = {
  $comment: `Vendored from ${source} at commit ${commit} (${document.info?.title ?? 'OpenAPI'} ${document.info?.version ?? ''}, OpenAPI ${document.openapi}): components.schemas ${roots.join(', ')} and every schema they reference, unchanged. Regenerate with scripts/vendor-openapi-schemas.mjs.`,
  source,
  commit,
  roots,
  components: { schemas: sorted },
};
writeFileSync(output, `${JSON.stringify(vendored, null, 1)}\n`);
console.log(`${output}: ${Object.keys(sorted).length} schemas`);
