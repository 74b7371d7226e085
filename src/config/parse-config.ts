import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Config } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { DEFAULT_FAILOVER } from './defaults.js';
import { boundedMessage } from './excerpt.js';
import { entryOf, valueOf } from './names.js';
import { parseBudgets } from './parse-budgets.js';
import { parsePricing } from './parse-pricing.js';
import { ParseContext } from './parse-context.js';
import { parseFailover } from './parse-failover.js';
import { parseProviders } from './parse-providers.js';
import { parseStore } from './parse-store.js';
import { parseStrategies } from './parse-strategies.js';

const TOP_LEVEL_KEYS = ['providers', 'strategies', 'failover', 'budgets', 'pricing', 'log_prompts', 'store'] as const;

/**
 * providers.yaml text -> validated Config. Pure: `env` is the only input besides the text.
 * Throws ConfigError "source:line:col: key.path: message" on the first problem.
 */
export function parseConfigText(text: string, sourceName: string, env: NodeJS.ProcessEnv): Config {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const { line, col } = lines.linePos(syntaxError.pos[0]);
    // The parser quotes the token it choked on (`...: "<token>"`): cut, it may be anything.
    const message = syntaxError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/: ".*$/, '');
    throw new ConfigError(boundedMessage(`invalid YAML: ${message}`), `${sourceName}:${line}:${col}`);
  }
  const context = new ParseContext(sourceName, document, lines, env);
  const root = context.resolve(document.contents as never);
  if (root === null) throw new ConfigError('the file is empty; expected a providers: mapping', sourceName);
  // A file that is one value (a key file, a log line) is named by its kind, never quoted.
  if (!isMap(root)) throw new ConfigError(`expected a mapping with a providers: key; the file holds ${isSeq(root) ? 'a list' : 'a single value'} (is it the right file?)`, context.where(root));
  const entries = context.entries(root, '');
  // `x-` keys hold YAML anchors for reuse, as in docker compose files.
  context.checkKeys(entries, TOP_LEVEL_KEYS, '', true);
  if (!entryOf(entries, 'providers')) context.fail(root, 'providers', 'required: a mapping of provider name -> settings');

  const failover = parseFailover(context, valueOf(entries, 'failover'), 'failover', DEFAULT_FAILOVER);
  context.warnMissing();
  const providers = parseProviders(context, valueOf(entries, 'providers'), entryOf(entries, 'providers')?.keyNode ?? null, failover);
  const strategies = parseStrategies(context, valueOf(entries, 'strategies'), providers);
  const budgets = parseBudgets(context, valueOf(entries, 'budgets'), providers);
  const pricing = parsePricing(context, valueOf(entries, 'pricing'), providers);
  const logPrompts = context.boolean(valueOf(entries, 'log_prompts'), 'log_prompts') ?? false;
  context.warnMissing();
  const store = parseStore(context, valueOf(entries, 'store'), 'store');

  for (const warning of document.warnings) context.warnings.push(`${context.where(null)}: ${warning.message.split('\n')[0]}`);
  const names = Object.keys(strategies);
  return {
    source: sourceName,
    providers,
    strategies,
    ...(names.length > 0 && { defaultStrategy: 'default' in strategies ? 'default' : names[0] }),
    failover,
    budgets,
    pricing,
    logPrompts,
    ...(store !== undefined && { store }),
    warnings: context.warnings,
  };
}
