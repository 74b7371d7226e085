// The ESLint rule `llmx/layering`: dependencies point one way, and no file imports itself back.
//
// Three checks over the relative imports of a source tree (every kind: static, `import type`,
// `export ... from`, dynamic `import()`, and `import('...')` in type positions):
//   1. layers: a module (a folder under the root, or a top-level file) imports only its own layer
//      or the layers below it;
//   2. file cycles: no file reaches itself through its imports (a type-only or dynamic import counts:
//      a cycle that compiles away still ties the two files together for a reader);
//   3. sibling cycles: two folders of one layer do not import each other, directly or round a ring.
// The graph of the whole tree is read once per ESLint process with TypeScript's import scanner
// (`ts.preProcessFile`: it skips comments and strings), so the rule sees the files the current one
// imports as well as those that import it. An editor that keeps ESLint running sees other files'
// edits at its next restart.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx)$/;

/** @type {import('eslint').Rule.RuleModule} */
const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layers, with no file cycle and no cycle between sibling folders' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, modules: { type: 'array', items: { type: 'string' } } }, required: ['name', 'modules'] } },
          exceptions: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, why: { type: 'string' } }, required: ['from', 'to', 'why'] } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: '{{from}} ({{fromLayer}}) imports {{to}} ({{toLayer}}), a higher layer: a module imports only its own layer and those below ({{order}})',
      unplaced: '{{module}} is in no layer: place it in the layering of eslint.config.js',
      cycle: 'import cycle: {{path}}',
      siblings: '{{from}} and {{to}} ({{layer}}) import each other ({{back}}); between folders of one layer, imports go one way',
    },
  },
  create(context) {
    const options = context.options[0];
    const root = resolve(context.cwd, options.root);
    const file = context.physicalFilename;
    if (!isInside(root, file) || !SOURCE.test(file)) return {};
    const tree = treeOf(root, options);
    const from = moduleOf(root, file);
    const check = (node) => {
      const specifier = node.source?.value ?? node.argument?.literal?.value ?? node.argument?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolveImport(file, specifier);
      if (target === null || !isInside(root, target) || tree.isException(file, target)) return;
      const to = moduleOf(root, target);
      const fromLayer = tree.layerOf(from);
      const toLayer = tree.layerOf(to);
      if (fromLayer === undefined) return context.report({ node, messageId: 'unplaced', data: { module: show(root, from) } });
      if (toLayer === undefined) return context.report({ node, messageId: 'unplaced', data: { module: show(root, to) } });
      if (toLayer > fromLayer) {
        return context.report({ node, messageId: 'upward', data: { from: show(root, from), fromLayer: tree.layerName(fromLayer), to: show(root, to), toLayer: tree.layerName(toLayer), order: tree.order } });
      }
      const back = tree.pathBack(target, file);
      if (back !== null) return context.report({ node, messageId: 'cycle', data: { path: [file, ...back].map((path) => relative(context.cwd, path)).join(' → ') } });
      if (from !== to && fromLayer === toLayer) {
        const edge = tree.moduleEdgeBack(to, from);
        if (edge) context.report({ node, messageId: 'siblings', data: { from: show(root, from), to: show(root, to), layer: tree.layerName(fromLayer), back: `${relative(context.cwd, edge.file)} imports ${relative(context.cwd, edge.target)}` } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      TSImportType: check,
    };
  },
};

export default { meta: { name: 'llmx' }, rules: { layering } };

/** The module a file belongs to: its first folder under the root, or the file itself (`cli`, `index`). */
function moduleOf(root, file) {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(SOURCE, '');
}

function show(root, module) {
  return `${relative(process.cwd(), root) || '.'}/${module}`;
}

function isInside(root, path) {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/** `./x.js` -> x.ts or x.tsx (NodeNext spells TypeScript imports with .js); a folder -> its index. */
function resolveImport(file, specifier) {
  const base = resolve(dirname(file), specifier);
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (isFile(candidate)) return candidate;
  }
  return null;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const trees = new Map();

function treeOf(root, options) {
  const key = JSON.stringify([root, options]);
  let tree = trees.get(key);
  if (!tree) trees.set(key, (tree = buildTree(root, options)));
  return tree;
}

function buildTree(root, options) {
  const layerIndex = new Map();
  options.layers.forEach((layer, index) => {
    for (const module of layer.modules) layerIndex.set(module.replace(SOURCE, ''), index);
  });
  const exceptions = (options.exceptions ?? []).map((exception) => ({ from: join(root, exception.from), to: join(root, exception.to) }));
  // An exception names a module or a file on each side; it matches every import between them.
  const covers = (path, named) => path === named || path.startsWith(`${named}${sep}`) || path.replace(SOURCE, '') === named;
  const isException = (file, target) => exceptions.some((exception) => covers(file, exception.from) && covers(target, exception.to));

  const imports = new Map();
  for (const file of sourceFiles(root)) {
    const targets = new Set();
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveImport(file, fileName);
      if (target !== null && isInside(root, target) && target !== file && !isException(file, target)) targets.add(target);
    }
    imports.set(file, targets);
  }

  // Module edges between siblings of one layer, with one import that makes each.
  const moduleEdges = new Map();
  for (const [file, targets] of imports) {
    const from = moduleOf(root, file);
    for (const target of targets) {
      const to = moduleOf(root, target);
      if (from === to || layerIndex.get(from) !== layerIndex.get(to)) continue;
      const key = `${from}\0${to}`;
      if (!moduleEdges.has(key)) moduleEdges.set(key, { file, target });
    }
  }
  const siblingGraph = new Map();
  for (const key of moduleEdges.keys()) {
    const [from, to] = key.split('\0');
    if (!siblingGraph.has(from)) siblingGraph.set(from, new Set());
    siblingGraph.get(from).add(to);
  }

  return {
    isException,
    layerOf: (module) => layerIndex.get(module),
    layerName: (index) => options.layers[index].name,
    order: options.layers.map((layer) => layer.name).join(' < '),
    /** The shortest import path from `start` back to `goal`, or null. */
    pathBack: (start, goal) => shortestPath(imports, start, goal),
    /** One import from module `from` that leads (directly or round a ring of siblings) back to `to`. */
    moduleEdgeBack: (from, to) => {
      const path = shortestPath(siblingGraph, from, to);
      return path === null ? null : moduleEdges.get(`${path[0]}\0${path[1]}`);
    },
  };
}

/** Breadth first: [start, ..., goal] or null. */
function shortestPath(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === goal) {
      const path = [];
      for (let step = at; step !== null; step = previous.get(step)) path.unshift(step);
      return path;
    }
    for (const next of graph.get(at) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
