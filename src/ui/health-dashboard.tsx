import { Box, Text, render, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BudgetGauge } from '../health/budget-gauge.js';
import type { ProviderHealth } from '../health/check-providers.js';
import { formatRate, msCell } from '../health/render.js';
import { formatCountdown } from '../shared/format-duration.js';
import { formatPercent } from '../shared/format-percent.js';
import { formatUsd } from '../shared/format-usd.js';
import type { HealthStatus } from '../health/status.js';
import { budgetBar, budgetColor } from './components/budget-bar.js';
import { sparkline } from './components/sparkline.js';

export interface HealthDashboardProps {
  /** One round of checks; the dashboard only displays what it returns. */
  check: () => Promise<ProviderHealth[]>;
  /** Seconds between the end of one round and the start of the next. */
  intervalS: number;
  /** Header text per active strategy, e.g. "default (priority)". */
  strategies: readonly string[];
  /** The tightest budget, re-read after every round; null or absent hides the bar. */
  budget?: () => Promise<BudgetGauge | null>;
  /** False renders without colours (--no-color, NO_COLOR). Default true. */
  color?: boolean;
  /** Wall clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** Called when the user quits: 'quit' on q, 'interrupted' on Ctrl-C (after the app is asked to exit). */
  onExit?: (how: 'quit' | 'interrupted') => void;
  /** Check latencies kept per provider for the sparkline. Default 16. */
  historyLength?: number;
}

const STATUS_COLOR: Record<HealthStatus, string> = { healthy: 'green', degraded: 'yellow', down: 'red', unconfigured: 'gray' };
type ColumnId = 'provider' | 'status' | 'latency' | 'recent' | 'p50' | 'p95' | 'errors' | 'circuit' | 'requests' | 'cost';
const COLUMNS: ReadonlyArray<{ id: ColumnId; title: string; width: number }> = [
  { id: 'provider', title: 'provider', width: 14 },
  { id: 'status', title: 'status', width: 14 },
  { id: 'latency', title: 'latency', width: 10 },
  { id: 'recent', title: 'recent', width: 18 },
  { id: 'p50', title: 'p50 1h', width: 9 },
  { id: 'p95', title: 'p95 1h', width: 9 },
  { id: 'errors', title: 'err 1h', width: 8 },
  { id: 'circuit', title: 'circuit', width: 20 },
  { id: 'requests', title: 'req today', width: 10 },
  { id: 'cost', title: 'cost today', width: 11 },
];
/** On a narrow terminal these go first, in this order, rather than wrapping every row. */
const DROPPABLE: readonly ColumnId[] = ['p95', 'recent', 'requests', 'p50'];

function visibleColumns(terminalColumns: number) {
  let columns = [...COLUMNS];
  for (const id of DROPPABLE) {
    if (columns.reduce((sum, column) => sum + column.width, 0) <= terminalColumns) break;
    columns = columns.filter((column) => column.id !== id);
  }
  return columns;
}

interface RoundState {
  rows: ProviderHealth[];
  history: Record<string, (number | null)[]>;
  gauge: BudgetGauge | null;
  finishedAtMs: number | null;
  failure: string | null;
}

export function HealthDashboard(props: HealthDashboardProps) {
  const { check, intervalS, strategies, budget, onExit } = props;
  const color = props.color !== false;
  const historyLength = props.historyLength ?? 16;
  const { stdout } = useStdout();
  const columns = visibleColumns(stdout.columns || 80);
  const now = props.now ?? Date.now;
  const { exit } = useApp();
  const [round, setRound] = useState<RoundState>({ rows: [], history: {}, gauge: null, finishedAtMs: null, failure: null });
  const [checking, setChecking] = useState(false);
  const [nowMs, setNowMs] = useState(now());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const running = useRef(false);
  const mounted = useRef(true);

  const runRound = useCallback(async () => {
    // One round at a time: `r` during a round does nothing rather than piling up checks.
    if (running.current) return;
    running.current = true;
    clearTimeout(timer.current);
    setChecking(true);
    try {
      const rows = await check();
      const gauge = budget ? await budget() : null;
      if (!mounted.current) return;
      setRound((previous) => {
        const history: Record<string, (number | null)[]> = {};
        for (const row of rows) {
          const sample = row.status === 'down' || row.status === 'unconfigured' ? null : row.latencyMs;
          history[row.name] = [...(previous.history[row.name] ?? []), sample].slice(-historyLength);
        }
        return { rows, history, gauge, finishedAtMs: now(), failure: null };
      });
    } catch (error) {
      if (!mounted.current) return;
      setRound((previous) => ({ ...previous, finishedAtMs: now(), failure: error instanceof Error ? error.message : String(error) }));
    } finally {
      running.current = false;
      if (mounted.current) {
        setChecking(false);
        timer.current = setTimeout(() => void runRound(), intervalS * 1000);
      }
    }
  }, [check, budget, intervalS, historyLength, now]);

  useEffect(() => {
    mounted.current = true;
    void runRound();
    // A one-second tick keeps the "next check" and circuit countdowns moving between rounds.
    const ticker = setInterval(() => setNowMs(now()), 1000);
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
      clearInterval(ticker);
    };
  }, [runRound, now]);

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      exit();
      onExit?.(input === 'q' ? 'quit' : 'interrupted');
    } else if (input === 'r') {
      void runRound();
    }
  });

  const paint = (name: string) => (color ? name : undefined);
  const sinceRoundMs = round.finishedAtMs === null ? 0 : nowMs - round.finishedAtMs;
  const nextInS = Math.max(0, Math.ceil(intervalS - sinceRoundMs / 1000));
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>llmx health</Text>
        <Text>{`  every ${intervalS}s · ${checking ? 'checking…' : round.finishedAtMs === null ? 'starting' : `next check in ${nextInS}s`}`}</Text>
      </Box>
      <Text>{`strategies: ${strategies.length ? strategies.join(', ') : 'none configured'}`}</Text>
      {round.gauge ? <BudgetLine gauge={round.gauge} color={color} /> : <Text dimColor>budget: none configured</Text>}
      <Box marginTop={1}>
        {columns.map((column) => (
          <Box key={column.id} width={column.width}>
            <Text bold>{column.title}</Text>
          </Box>
        ))}
      </Box>
      {round.rows.map((row) => {
        const retryInMs = row.circuit.status === 'open' ? row.circuit.retryInMs - (nowMs - row.checkedAtMs) : 0;
        const circuit = row.circuit.status === 'open' ? (retryInMs > 0 ? `open, probe ${formatCountdown(retryInMs)}` : 'open, probe due') : row.circuit.status;
        const circuitColor = row.circuit.status === 'closed' ? 'green' : row.circuit.status === 'open' ? 'red' : 'yellow';
        const cells: Record<ColumnId, [string, string | undefined]> = {
          provider: [row.name, undefined],
          status: [`● ${row.status}`, STATUS_COLOR[row.status]],
          latency: [msCell(row.latencyMs), undefined],
          recent: [sparkline(round.history[row.name] ?? [], historyLength), 'cyan'],
          p50: [msCell(row.p50Ms), undefined],
          p95: [msCell(row.p95Ms), undefined],
          errors: [formatRate(row.errorRate), undefined],
          circuit: [circuit, circuitColor],
          requests: [String(row.requestsToday), undefined],
          cost: [formatUsd(row.costTodayUsd), undefined],
        };
        return (
          <Box key={row.name}>
            {columns.map((column) => (
              <Box key={column.id} width={column.width}>
                <Text color={cells[column.id][1] ? paint(cells[column.id][1]!) : undefined} wrap="truncate">
                  {cells[column.id][0]}
                </Text>
              </Box>
            ))}
          </Box>
        );
      })}
      {round.rows
        .filter((row) => row.error)
        .map((row) => (
          <Text key={`${row.name}-error`} color={paint(STATUS_COLOR[row.status])} wrap="truncate">
            {`${row.name}: ${row.error}`}
          </Text>
        ))}
      {round.failure ? <Text color={paint('red')}>{`check failed: ${round.failure}`}</Text> : null}
      <Box marginTop={1}>
        <Text dimColor>q quit · r re-check now</Text>
      </Box>
    </Box>
  );
}

function BudgetLine({ gauge, color }: { gauge: BudgetGauge; color: boolean }) {
  const percent = formatPercent(gauge.limitUsd > 0 ? gauge.spentUsd / gauge.limitUsd : 1);
  return (
    <Box>
      <Text>{`budget ${gauge.label} `}</Text>
      <Text color={color ? budgetColor(gauge.spentUsd, gauge.limitUsd) : undefined}>{budgetBar(gauge.spentUsd, gauge.limitUsd, 24)}</Text>
      <Text>{` ${formatUsd(gauge.spentUsd)} / ${formatUsd(gauge.limitUsd)} (${percent})`}</Text>
    </Box>
  );
}

/**
 * Renders the dashboard on the terminal and resolves when the user quits: 'quit' on q, 'interrupted'
 * on Ctrl-C (raw mode turns Ctrl-C into a key, so the command maps it to exit 130 itself).
 */
export async function runHealthDashboard(props: Omit<HealthDashboardProps, 'onExit'>): Promise<'quit' | 'interrupted'> {
  let ended: 'quit' | 'interrupted' = 'interrupted';
  const instance = render(<HealthDashboard {...props} onExit={(how) => (ended = how)} />, { exitOnCtrlC: false });
  // A signal from elsewhere (kill -INT, a closing terminal's SIGTERM) ends it the same way, with the terminal restored.
  const onSignal = () => {
    ended = 'interrupted';
    instance.unmount();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return ended;
}
