import { Box, render, Text } from 'ink';
import { formatBytes } from '../format.js';
import type { InstallProgress } from '../progress.js';

type Phase = 'downloading' | 'downloaded' | 'extracting' | 'installed' | 'up to date';

interface Row {
  label: string;
  phase: Phase;
  received: number;
  total: number | undefined;
  dir?: string;
}

const barWidth = 24;

function Bar({ received, total }: { received: number; total: number | undefined }) {
  if (total === undefined || total === 0) return <Text dimColor>{formatBytes(received)}</Text>;
  const filled = Math.min(barWidth, Math.round((received / total) * barWidth));
  return (
    <Text>
      <Text color="cyan">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(barWidth - filled)}</Text> {formatBytes(received)}/{formatBytes(total)}
    </Text>
  );
}

function Line({ row }: { row: Row }) {
  const done = row.phase === 'installed' || row.phase === 'up to date';
  return (
    <Box gap={1}>
      <Text color={done ? 'green' : 'yellow'}>{done ? '✔' : '…'}</Text>
      <Text bold>{row.label}</Text>
      {row.phase === 'downloading' ? <Bar received={row.received} total={row.total} /> : null}
      <Text dimColor>{row.phase === 'downloading' ? '' : row.phase}</Text>
      {row.dir ? <Text dimColor>{row.dir}</Text> : null}
    </Box>
  );
}

function InstallView({ rows }: { rows: Row[] }) {
  return (
    <Box flexDirection="column">
      {rows.map((row) => (
        <Line key={row.label} row={row} />
      ))}
    </Box>
  );
}

/** A live view of an install on a terminal: one line per pack, with a bar while it downloads. */
export function inkProgress(): InstallProgress {
  const rows = new Map<string, Row>();
  const instance = render(<InstallView rows={[]} />, { stdout: process.stderr, patchConsole: false });
  let pending: NodeJS.Timeout | undefined;
  const draw = () => {
    pending = undefined;
    instance.rerender(<InstallView rows={[...rows.values()]} />);
  };
  // Downloads report every chunk; a frame every 50 ms is plenty.
  const schedule = () => {
    pending ??= setTimeout(draw, 50);
  };
  const update = (label: string, change: Partial<Row>) => {
    const row = rows.get(label) ?? { label, phase: 'downloading', received: 0, total: undefined };
    rows.set(label, { ...row, ...change });
    schedule();
  };
  return {
    downloading: (label, received, total) => update(label, { phase: 'downloading', received, total }),
    downloaded: (label, bytes) => update(label, { phase: 'downloaded', received: bytes, total: bytes }),
    extracting: (label) => update(label, { phase: 'extracting' }),
    installed: (label, dir, reused) => update(label, { phase: reused ? 'up to date' : 'installed', dir }),
    done() {
      if (pending) clearTimeout(pending);
      draw();
      instance.unmount();
    },
  };
}
