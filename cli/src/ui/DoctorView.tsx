import { Box, render, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import type { DoctorCheck } from '../doctor/checks.js';
import { checkNames, type DoctorReport } from '../doctor/run.js';

type RunChecks = (onCheck: (check: DoctorCheck) => void) => Promise<DoctorReport>;

const marks = {
  pass: { symbol: '✔', color: 'green' },
  fail: { symbol: '✖', color: 'red' },
  skip: { symbol: '-', color: 'gray' },
} as const;

function CheckLine({ name, check }: { name: string; check: DoctorCheck | undefined }) {
  if (!check) return <Text dimColor>{`… ${name}`}</Text>;
  const mark = marks[check.status];
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={mark.color}>{mark.symbol}</Text> <Text bold>{check.name.padEnd(8)}</Text> {check.detail}
      </Text>
      {check.hint ? <Text color="yellow">{`           fix: ${check.hint}`}</Text> : null}
    </Box>
  );
}

interface DoctorViewProps {
  run: RunChecks;
  onDone: (report: DoctorReport) => void;
}

/** Every check listed up front, each filled in as it finishes; exits once the summary is drawn. */
export function DoctorView({ run, onDone }: DoctorViewProps) {
  const { exit } = useApp();
  const [checks, setChecks] = useState<DoctorCheck[]>([]);
  const [report, setReport] = useState<DoctorReport>();

  useEffect(() => {
    run((check) => setChecks((done) => [...done, check])).then(setReport, (error: unknown) =>
      exit(error instanceof Error ? error : new Error(String(error))),
    );
  }, [run, exit]);

  // Exit after the render that shows the summary, so the last frame on screen is complete.
  useEffect(() => {
    if (!report) return;
    onDone(report);
    exit();
  }, [report, onDone, exit]);

  const failures = checks.filter((c) => c.status === 'fail').length;
  return (
    <Box flexDirection="column">
      {checkNames.map((name, index) => (
        <CheckLine key={name} name={name} check={checks[index]} />
      ))}
      {report ? (
        <Text color={failures === 0 ? 'green' : 'red'}>
          {failures === 0 ? 'All checks passed.' : `${failures} check(s) failed.`}
        </Text>
      ) : null}
    </Box>
  );
}

export async function showDoctor(run: RunChecks): Promise<DoctorReport> {
  let report: DoctorReport | undefined;
  const app = render(
    <DoctorView
      run={run}
      onDone={(result) => {
        report = result;
      }}
    />,
  );
  await app.waitUntilExit();
  if (!report) throw new Error('the doctor view closed before the checks finished');
  return report;
}
