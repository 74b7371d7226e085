import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { ConfigError } from '../spec/errors.js';
import type { SimConfig, SimErrorStatus, SimProtocol, SimProviderSpec, SimScriptStep, SimWireVariants } from './types.js';
import { isSimScriptWord, SIM_ERROR_STATUSES, SIM_PROTOCOLS, SIM_SCRIPT_WORDS } from './types.js';
import { validateSimConfig } from './validate-spec.js';

// The simulator's YAML: snake_case keys, every mistake reported as `file:line:col: path: what`.

const PROVIDER_KEYS = [
  'name', 'protocol', 'models', 'strict_models', 'ttft_ms', 'ms_per_token', 'output_tokens', 'error_rates',
  'retry_after_ms', 'hang_rate', 'drop_rate', 'requests_per_minute', 'reply_text', 'omit_usage', 'api_key', 'script',
  'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'reasoning_tokens', 'service_tier',
  'usage_cost', 'response_cost_header',
  'wire',
] as const;

/** `wire:` keys and the SimWireVariants flag each sets. */
const WIRE_KEYS: Record<string, keyof SimWireVariants> = {
  reject_stream_options: 'rejectStreamOptions',
  sse_comments: 'sseComments',
  usage_in_every_chunk: 'usageInEveryChunk',
  omit_finish_reason: 'omitFinishReason',
  json_for_stream: 'jsonForStream',
  groq_usage: 'groqUsage',
};

class Reader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** `file:line:col` of a node, or of a pair's key (pairs carry no range of their own). */
  where(node: Node | Pair | null | undefined): string {
    const located = node && 'key' in node ? (node.key as Node | null) : node;
    const range = located?.range;
    if (!range) return this.file;
    const { line, col } = this.lines.linePos(range[0]);
    return `${this.file}:${line}:${col}`;
  }

  fail(node: Node | Pair | null | undefined, path: string, message: string): never {
    throw new ConfigError(`${path}: ${message}`, this.where(node));
  }

  describe(node: unknown): string {
    if (isScalar(node)) return JSON.stringify(node.value);
    if (isSeq(node)) return 'a list';
    if (isMap(node)) return 'a mapping';
    return 'nothing';
  }

  number(node: unknown, path: string, rule: NumberRule): number {
    if (!isScalar(node) || typeof node.value !== 'number' || !rule.check(node.value)) this.fail(node as Node, path, `expected ${rule.expected}, got ${this.describe(node)}`);
    return node.value as number;
  }

  boolean(node: unknown, path: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node as Node, path, `expected true or false, got ${this.describe(node)}`);
    return node.value as boolean;
  }

  string(node: unknown, path: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') this.fail(node as Node, path, `expected a non-empty string, got ${this.describe(node)}`);
    return node.value as string;
  }
}

/** What a number must be, and how an error says so. */
interface NumberRule {
  check: (value: number) => boolean;
  expected: string;
}

const MS: NumberRule = { check: (value) => Number.isFinite(value) && value >= 0, expected: 'a number of ms >= 0' };
const PROBABILITY: NumberRule = { check: (value) => Number.isFinite(value) && value >= 0 && value <= 1, expected: 'a probability between 0 and 1' };
const COUNT: NumberRule = { check: (value) => Number.isInteger(value) && value >= 0, expected: 'an integer >= 0' };
const POSITIVE_INTEGER: NumberRule = { check: (value) => Number.isInteger(value) && value > 0, expected: 'a positive integer' };
const INTEGER: NumberRule = { check: (value) => Number.isInteger(value), expected: 'an integer' };

const USD: NumberRule = { check: (value) => Number.isFinite(value), expected: 'a number of USD' };

type NumberField =
  | 'ttftMs' | 'msPerToken' | 'outputTokens' | 'retryAfterMs' | 'hangRate' | 'dropRate' | 'requestsPerMinute'
  | 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'reasoningTokens' | 'usageCost' | 'responseCostHeader';

/** The provider keys that hold one number. */
const NUMBER_KEYS: Partial<Record<(typeof PROVIDER_KEYS)[number], [NumberField, NumberRule]>> = {
  ttft_ms: ['ttftMs', MS],
  ms_per_token: ['msPerToken', MS],
  output_tokens: ['outputTokens', COUNT],
  retry_after_ms: ['retryAfterMs', MS],
  hang_rate: ['hangRate', PROBABILITY],
  drop_rate: ['dropRate', PROBABILITY],
  requests_per_minute: ['requestsPerMinute', POSITIVE_INTEGER],
  input_tokens: ['inputTokens', INTEGER],
  cache_read_tokens: ['cacheReadTokens', COUNT],
  cache_write_5m_tokens: ['cacheWrite5mTokens', COUNT],
  cache_write_1h_tokens: ['cacheWrite1hTokens', COUNT],
  reasoning_tokens: ['reasoningTokens', COUNT],
  // Any number, negative included: a test of what llmx does with a nonsensical bill.
  usage_cost: ['usageCost', USD],
  response_cost_header: ['responseCostHeader', USD],
};

function readProvider(reader: Reader, node: unknown, path: string, nameFromKey: string | undefined): SimProviderSpec {
  if (!isMap(node)) reader.fail(node as Node, path, `expected a mapping of provider settings, got ${reader.describe(node)}`);
  const spec: Partial<SimProviderSpec> = {};
  if (nameFromKey !== undefined) spec.name = nameFromKey;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const at = `${path}.${key}`;
    const value = pair.value;
    const numeric = NUMBER_KEYS[key as (typeof PROVIDER_KEYS)[number]];
    if (numeric) {
      spec[numeric[0]] = reader.number(value, at, numeric[1]);
      continue;
    }
    switch (key as (typeof PROVIDER_KEYS)[number]) {
      case 'name':
        spec.name = reader.string(value, at);
        break;
      case 'protocol': {
        const protocol = reader.string(value, at);
        // "custom" is an OpenAI-compatible server: the same wire as openai.
        const resolved = protocol === 'custom' ? 'openai' : protocol;
        if (!(SIM_PROTOCOLS as readonly string[]).includes(resolved)) reader.fail(value as Node, at, `expected one of ${SIM_PROTOCOLS.join(', ')} or custom, got "${protocol}"`);
        spec.protocol = resolved as SimProtocol;
        break;
      }
      case 'models':
        if (!isSeq(value)) reader.fail(value as Node, at, `expected a list of model names, got ${reader.describe(value)}`);
        spec.models = value.items.map((item, i) => reader.string(item, `${at}[${i}]`));
        break;
      case 'strict_models':
        spec.strictModels = reader.boolean(value, at);
        break;
      case 'omit_usage':
        spec.omitUsage = reader.boolean(value, at);
        break;
      case 'api_key':
        spec.apiKey = reader.string(value, at);
        break;
      case 'reply_text':
        spec.replyText = reader.string(value, at);
        break;
      case 'service_tier':
        spec.serviceTier = reader.string(value, at);
        break;
      case 'error_rates': {
        if (!isMap(value)) reader.fail(value as Node, at, `expected a mapping like {"429": 0.1}, got ${reader.describe(value)}`);
        const rates: Partial<Record<SimErrorStatus, number>> = {};
        for (const ratePair of value.items) {
          const status = isScalar(ratePair.key) ? String(ratePair.key.value) : '';
          if (!(SIM_ERROR_STATUSES as readonly string[]).includes(status)) {
            reader.fail(ratePair.key as Node, `${at}.${status}`, `expected one of the statuses ${SIM_ERROR_STATUSES.join(', ')}`);
          }
          rates[status as SimErrorStatus] = reader.number(ratePair.value, `${at}.${status}`, PROBABILITY);
        }
        spec.errorRates = rates;
        break;
      }
      case 'script': {
        if (!isSeq(value)) reader.fail(value as Node, at, `expected a list of outcomes, got ${reader.describe(value)}`);
        spec.script = value.items.map((item, i): SimScriptStep => {
          const step = isScalar(item) ? item.value : undefined;
          if (isSimScriptWord(step)) return step;
          if (typeof step === 'number' && Number.isInteger(step) && step >= 400 && step <= 599) return step;
          if (typeof step === 'string' && /^[45]\d\d$/.test(step)) return Number(step);
          return reader.fail(item as Node, `${at}[${i}]`, `expected an HTTP status 400-599 or one of ${SIM_SCRIPT_WORDS.join(', ')}, got ${reader.describe(item)}`);
        });
        break;
      }
      case 'wire': {
        if (!isMap(value)) reader.fail(value as Node, at, `expected a mapping like {reject_stream_options: true}, got ${reader.describe(value)}`);
        const wire: SimWireVariants = {};
        for (const wirePair of value.items) {
          const wireKey = isScalar(wirePair.key) ? String(wirePair.key.value) : '';
          const field = WIRE_KEYS[wireKey];
          if (field === undefined) reader.fail(wirePair, `${at}.${wireKey}`, `unknown key (expected one of ${Object.keys(WIRE_KEYS).join(', ')})`);
          wire[field] = reader.boolean(wirePair.value, `${at}.${wireKey}`);
        }
        spec.wire = wire;
        break;
      }
      default:
        reader.fail(pair, at, `unknown key (expected one of ${PROVIDER_KEYS.join(', ')})`);
    }
  }
  if (spec.name === undefined) reader.fail(node, path, 'missing name');
  if (spec.protocol === undefined) reader.fail(node, `${path}`, `missing protocol (one of ${SIM_PROTOCOLS.join(', ')})`);
  return spec as SimProviderSpec;
}

/** Parses a simulator YAML file (providers as a list with `name:` or a mapping keyed by name). Throws ConfigError. */
export async function loadSimConfig(path: string): Promise<SimConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'simulator config file not found' : `cannot read simulator config (${code ?? String(error)})`, path, { cause: error });
  }
  return parseSimConfig(text, path);
}

export function parseSimConfig(text: string, file: string): SimConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const firstError = document.errors[0];
  if (firstError) {
    const position = firstError.linePos?.[0];
    throw new ConfigError(firstError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), position ? `${file}:${position.line}:${position.col}` : file);
  }
  const reader: Reader = new Reader(file, lines);
  const root = document.contents;
  if (!isMap(root)) reader.fail(root as Node, 'simulator config', `expected a mapping with a providers key, got ${reader.describe(root)}`);
  const config: SimConfig = { providers: [] };
  let providersNode: unknown;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'seed') config.seed = reader.number(pair.value, 'seed', INTEGER);
    else if (key === 'providers') providersNode = pair.value;
    else reader.fail(pair, key, 'unknown key (expected providers or seed)');
  }
  if (isSeq(providersNode)) {
    config.providers = providersNode.items.map((item, i) => readProvider(reader, item, `providers[${i}]`, undefined));
  } else if (isMap(providersNode)) {
    config.providers = providersNode.items.map((pair) => {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      return readProvider(reader, pair.value, `providers.${name}`, name);
    });
  } else {
    reader.fail((providersNode as Node) ?? root, 'providers', `expected a list or mapping of simulated providers, got ${reader.describe(providersNode)}`);
  }
  try {
    validateSimConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.message, file);
    throw error;
  }
  return config;
}
