import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import llmx from '../../scripts/lint-layering.js';
import { ROOT } from '../helpers/cli.js';

// `llmx/layering` (scripts/lint-layering.js): the project's own table refuses an upward import, and
// on a small fixture tree each check fails where it must.

const FIXTURE = 'test/fixtures/lint/src';
const LAYERS = [
  { name: 'spec', modules: ['spec'] },
  { name: 'foundations', modules: ['store'] },
  { name: 'engines', modules: ['routing', 'ledger', 'budget'] },
  { name: 'commands', modules: ['commands'] },
];

async function lintFixture(exceptions: Array<{ from: string; to: string; why: string }> = []) {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    ignore: false,
    overrideConfig: [
      {
        files: [`${FIXTURE}/**/*.ts`],
        languageOptions: { parser: tseslint.parser },
        plugins: { llmx },
        rules: { 'llmx/layering': ['error', { root: FIXTURE, layers: LAYERS, exceptions }] },
      },
    ],
  });
  const results = await eslint.lintFiles([`${FIXTURE}/**/*.ts`]);
  return Object.fromEntries(results.map((result) => [result.filePath.slice(join(ROOT, FIXTURE).length + 1), result.messages.map((message) => `${message.line}: ${message.message}`)]));
}

describe('llmx/layering on a fixture tree', () => {
  it('reports each violation once, where the import is, and nothing else', async () => {
    const byFile = await lintFixture();
    expect(byFile).toEqual({
      'spec/types.ts': [],
      'routing/route.ts': [],
      'ledger/calendar.ts': [],
      'store/upward.ts': [`2: ${FIXTURE}/store (foundations) imports ${FIXTURE}/routing (engines), a higher layer: a module imports only its own layer and those below (spec < foundations < engines < commands)`],
      'ledger/report.ts': [`2: ${FIXTURE}/ledger and ${FIXTURE}/budget (engines) import each other (${FIXTURE}/budget/status.ts imports ${FIXTURE}/ledger/calendar.ts); between folders of one layer, imports go one way`],
      'budget/status.ts': [`2: ${FIXTURE}/budget and ${FIXTURE}/ledger (engines) import each other (${FIXTURE}/ledger/report.ts imports ${FIXTURE}/budget/status.ts); between folders of one layer, imports go one way`],
      'commands/one.ts': [`6: import cycle: ${FIXTURE}/commands/one.ts → ${FIXTURE}/commands/two.ts → ${FIXTURE}/commands/one.ts`],
      'commands/two.ts': [`2: import cycle: ${FIXTURE}/commands/two.ts → ${FIXTURE}/commands/one.ts → ${FIXTURE}/commands/two.ts`],
      'extra/unplaced.ts': [`1: ${FIXTURE}/extra is in no layer: place it in the layering of eslint.config.js`],
    });
  });

  it('an exception silences exactly the edge it names, for the layer and the cycle checks alike', async () => {
    const byFile = await lintFixture([
      { from: 'store/upward.ts', to: 'routing', why: 'test' },
      { from: 'commands/two.ts', to: 'commands/one.ts', why: 'test' },
    ]);
    expect(byFile['store/upward.ts']).toEqual([]);
    expect(byFile['commands/one.ts']).toEqual([]);
    expect(byFile['commands/two.ts']).toEqual([]);
    expect(byFile['ledger/report.ts']).toHaveLength(1);
  });
});

describe("the project's layering (eslint.config.js)", () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (path: string, code: string) => (await eslint.lintText(code, { filePath: join(ROOT, path) }))[0].messages.filter((message) => message.ruleId === 'llmx/layering').map((message) => message.message);

  it('fails an adapter that imports the router (foundations -> engines)', async () => {
    const messages = await lint('src/providers/layering-probe.ts', "import { Router } from '../routing/router.js';\nexport const probe = Router;\n");
    expect(messages).toEqual([expect.stringMatching(/^src\/providers \(foundations\) imports src\/routing \(engines\), a higher layer/)]);
  });

  it('fails an engine that imports a command, also through a type-only or a dynamic import', async () => {
    const typeOnly = await lint('src/ledger/layering-probe.ts', "import type { GlobalOptions } from '../commands/output.js';\nexport type Probe = GlobalOptions;\n");
    const dynamic = await lint('src/health/layering-probe.ts', "export const probe = () => import('../commands/output.js');\n");
    const typePosition = await lint('src/bench/layering-probe.ts', "export type Probe = import('../cli.js').Unknown;\n");
    expect(typeOnly).toEqual([expect.stringContaining('src/ledger (engines) imports src/commands (commands)')]);
    expect(dynamic).toEqual([expect.stringContaining('src/health (engines) imports src/commands (commands)')]);
    expect(typePosition).toEqual([expect.stringContaining('src/bench (engines) imports src/cli (entry points)')]);
  });

  it('lets a command import an engine and spec import nothing above it', async () => {
    expect(await lint('src/commands/layering-probe.ts', "import { Router } from '../routing/router.js';\nexport const probe = Router;\n")).toEqual([]);
    expect(await lint('src/spec/layering-probe.ts', "import { formatUsd } from '../shared/format-usd.js';\nexport const probe = formatUsd;\n")).toEqual([expect.stringContaining('src/spec (spec) imports src/shared (shared)')]);
  });
});
