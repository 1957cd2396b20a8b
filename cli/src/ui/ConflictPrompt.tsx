import type { PlannedFile } from '@gtcx/core';
import { Box, render, Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { PromptCancelled } from '../templates/prompting.js';
import { useLiveState, useReady } from './Prompts.js';

type Choice = 'overwrite' | 'skip' | 'diff';

const choices: { value: Choice; label: string; key: string }[] = [
  { value: 'overwrite', label: 'Overwrite it with the template’s version', key: 'o' },
  { value: 'skip', label: 'Skip it: keep the file as it is', key: 's' },
  { value: 'diff', label: 'Show the diff', key: 'd' },
];

/** One existing file that differs from what the template renders: overwrite, skip, or look first. */
export async function askConflict(
  file: PlannedFile,
  stdout: NodeJS.WriteStream,
): Promise<'overwrite' | 'skip'> {
  let decision: 'overwrite' | 'skip' | undefined;
  const app = render(
    <ConflictPrompt
      file={file}
      onDecide={(choice) => {
        decision = choice;
      }}
    />,
    { stdout, exitOnCtrlC: false, patchConsole: false },
  );
  await app.waitUntilExit();
  if (!decision) throw new PromptCancelled();
  return decision;
}

interface ConflictPromptProps {
  file: PlannedFile;
  onDecide: (choice: 'overwrite' | 'skip') => void;
}

export function ConflictPrompt({ file, onDecide }: ConflictPromptProps) {
  const { exit } = useApp();
  const [cursorNow, setCursor] = useLiveState(0);
  const [showDiff, setShowDiff] = useState(false);
  const [decided, setDecided] = useState<'overwrite' | 'skip'>();
  const ready = useReady();
  useEffect(() => {
    if (!decided) return;
    onDecide(decided);
    exit();
  }, [decided, onDecide, exit]);
  const choose = (choice: Choice | undefined) => {
    if (choice === 'diff') setShowDiff(true);
    else if (choice) setDecided(choice);
  };
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return exit();
    if (key.upArrow) setCursor((at) => (at + choices.length - 1) % choices.length);
    else if (key.downArrow) setCursor((at) => (at + 1) % choices.length);
    else if (key.return) choose(choices[cursorNow()]?.value);
    else choose(choices.find((choice) => choice.key === input.toLowerCase())?.value);
  });

  const cursor = cursorNow();
  if (decided) {
    return (
      <Text>
        <Text color="green">✔</Text> <Text bold>{file.path}</Text>{' '}
        <Text color="cyan">{decided === 'overwrite' ? 'overwritten' : 'skipped'}</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column" display={ready ? 'flex' : 'none'}>
      <Text>
        <Text color="yellow">?</Text> <Text bold>{file.path}</Text> already exists with other content
      </Text>
      {showDiff ? (
        <Diff text={file.diff ?? (file.binary ? 'binary file: no diff' : 'no diff available')} />
      ) : null}
      {choices.map((choice, index) => (
        <Text key={choice.value} color={index === cursor ? 'cyan' : undefined}>
          {`${index === cursor ? '❯' : ' '} (${choice.key}) ${choice.label}`}
        </Text>
      ))}
    </Box>
  );
}

function Diff({ text }: { text: string }) {
  return (
    <Box flexDirection="column" marginY={1}>
      {text.split('\n').map((line, index) => (
        // Lines of a diff are positional; the index is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={index} color={line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : undefined}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
