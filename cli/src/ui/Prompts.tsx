import { type AskContext, type ChoiceValue, coerceAnswer, type Question } from '@gtcx/core';
import { Box, render, Text, useApp, useInput } from 'ink';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { PromptCancelled } from '../templates/prompting.js';

interface PromptProps {
  question: Question;
  context: AskContext;
  onAnswer: (value: unknown) => void;
}

type Key = Parameters<Parameters<typeof useInput>[0]>[1];

const isCancel = (input: string, key: Key) => key.escape || (key.ctrl && input === 'c');

/**
 * One question, drawn until answered: the answer stays on screen as a summary line, the app exits,
 * and askQuestion hands the typed value back to resolveAnswers. Ctrl-C and Escape cancel.
 */
export async function askQuestion(
  question: Question,
  context: AskContext,
  stdout: NodeJS.WriteStream,
): Promise<unknown> {
  let answer: { value: unknown } | undefined;
  const app = render(
    <QuestionPrompt
      question={question}
      context={context}
      onAnswer={(value) => {
        answer = { value };
      }}
    />,
    { stdout, exitOnCtrlC: false, patchConsole: false },
  );
  await app.waitUntilExit();
  if (!answer) throw new PromptCancelled();
  return answer.value;
}

export function QuestionPrompt({ question, context, onAnswer }: PromptProps) {
  const { exit } = useApp();
  const [answered, setAnswered] = useState<{ value: unknown }>();
  const ready = useReady();
  // Exit after the frame showing the answer, so it is the line left on screen.
  useEffect(() => {
    if (!answered) return;
    onAnswer(answered.value);
    exit();
  }, [answered, onAnswer, exit]);
  if (answered) {
    return (
      <Text>
        <Text color="green">✔</Text> <Text bold>{question.message}</Text>{' '}
        <Text color="cyan">{shown(question, answered.value)}</Text>
      </Text>
    );
  }
  const submit = (value: unknown) => setAnswered({ value });
  const cancel = () => exit();
  const props = { question, context, submit, cancel };
  const input =
    question.type === 'boolean' ? (
      <ConfirmInput {...props} />
    ) : question.type === 'select' ? (
      <SelectInput {...props} />
    ) : question.type === 'multiselect' ? (
      <MultiSelectInput {...props} />
    ) : (
      <TextInput {...props} />
    );
  return <Box display={ready ? 'flex' : 'none'}>{input}</Box>;
}

/**
 * False for the first frame. The input's useInput switches the terminal to raw mode in an effect,
 * and children's effects run before their parent's: showing the prompt only once this parent's
 * effect has run means keys typed at a visible prompt always reach it (in the cooked mode before,
 * Ctrl-C would kill the process and Enter would wait for a line).
 */
export function useReady(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

interface InputProps {
  question: Question;
  context: AskContext;
  submit: (value: unknown) => void;
  cancel: () => void;
}

function Frame({
  question,
  hint,
  error,
  children,
}: {
  question: Question;
  hint?: string;
  error?: string | undefined;
  children?: ReactNode;
}) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">?</Text> <Text bold>{question.message}</Text>
        {hint ? <Text dimColor>{` ${hint}`}</Text> : null}
      </Text>
      {question.help ? <Text dimColor>{`  ${question.help}`}</Text> : null}
      {children}
      {error ? <Text color="red">{`  ✖ ${error}`}</Text> : null}
    </Box>
  );
}

/** string, path, number and secret (masked): a line of text, the default already in it. */
function TextInput({ question, context, submit, cancel }: InputProps) {
  const initial = context.default === undefined || context.default === null ? '' : String(context.default);
  // A ref, not state: fast typing arrives as several chunks before React renders again.
  const text = useRef(initial);
  const [, redraw] = useState(0);
  const [error, setError] = useState<string>();
  const trySubmit = () => {
    const value = typedText(question, text.current);
    const problem = context.validate(value);
    if (problem === undefined) submit(value);
    else setError(problem);
  };
  useInput((input, key) => {
    if (isCancel(input, key)) return cancel();
    if (key.return) return trySubmit();
    if (key.backspace || key.delete) {
      text.current = text.current.slice(0, -1);
    } else if (
      key.ctrl ||
      key.meta ||
      key.tab ||
      key.upArrow ||
      key.downArrow ||
      key.leftArrow ||
      key.rightArrow
    ) {
      return;
    } else {
      // A paste or fast typing is one chunk: edit character by character, Enter submitting.
      for (const char of input) {
        if (char === '\r' || char === '\n') return trySubmit();
        if (char === '\u007f' || char === '\b') text.current = text.current.slice(0, -1);
        else if (char >= ' ') text.current += char;
      }
    }
    setError(undefined);
    redraw((n) => n + 1);
  });
  const visible = question.type === 'secret' ? '*'.repeat(text.current.length) : text.current;
  return (
    <Frame question={question} error={error}>
      <Text>
        <Text color="cyan">{'› '}</Text>
        {visible}
        <Text inverse> </Text>
      </Text>
    </Frame>
  );
}

function ConfirmInput({ question, context, submit, cancel }: InputProps) {
  const fallback = context.default === true;
  useInput((input, key) => {
    if (isCancel(input, key)) return cancel();
    if (key.return) return submit(fallback);
    const letter = input.toLowerCase();
    if (letter === 'y') submit(true);
    else if (letter === 'n') submit(false);
  });
  return <Frame question={question} hint={fallback ? '(Y/n)' : '(y/N)'} />;
}

function SelectInput({ question, context, submit, cancel }: InputProps) {
  const choices = question.choices ?? [];
  const start = Math.max(
    0,
    choices.findIndex((choice) => choice.value === context.default),
  );
  const [cursorNow, setCursor] = useLiveState(start);
  useInput((input, key) => {
    if (isCancel(input, key)) return cancel();
    if (key.upArrow || input === 'k') setCursor((at) => (at + choices.length - 1) % choices.length);
    else if (key.downArrow || input === 'j') setCursor((at) => (at + 1) % choices.length);
    else if (key.return) {
      const choice = choices[cursorNow()];
      if (choice) submit(choice.value);
    }
  });
  const cursor = cursorNow();
  return (
    <Frame question={question} hint="(↑/↓, enter)">
      {choices.map((choice, index) => (
        <Text key={String(choice.value)} color={index === cursor ? 'cyan' : undefined}>
          {`${index === cursor ? '❯' : ' '} ${choice.label}`}
        </Text>
      ))}
    </Frame>
  );
}

function MultiSelectInput({ question, context, submit, cancel }: InputProps) {
  const choices = question.choices ?? [];
  const initial = Array.isArray(context.default) ? (context.default as ChoiceValue[]) : [];
  const [cursorNow, setCursor] = useLiveState(0);
  const [chosenNow, setChosen] = useLiveState<ChoiceValue[]>(initial);
  const [error, setError] = useState<string>();
  useInput((input, key) => {
    if (isCancel(input, key)) return cancel();
    if (key.upArrow || input === 'k') setCursor((at) => (at + choices.length - 1) % choices.length);
    else if (key.downArrow || input === 'j') setCursor((at) => (at + 1) % choices.length);
    else if (input === ' ') {
      const value = choices[cursorNow()]?.value;
      if (value === undefined) return;
      setChosen((current) =>
        current.includes(value) ? current.filter((v) => v !== value) : [...current, value],
      );
      setError(undefined);
    } else if (key.return) {
      // In the template's order, whatever order they were ticked in.
      const value = choices.map((choice) => choice.value).filter((v) => chosenNow().includes(v));
      const problem = context.validate(value);
      if (problem === undefined) submit(value);
      else setError(problem);
    }
  });
  const cursor = cursorNow();
  const chosen = chosenNow();
  return (
    <Frame question={question} hint="(↑/↓, space to tick, enter)" error={error}>
      {choices.map((choice, index) => (
        <Text key={String(choice.value)} color={index === cursor ? 'cyan' : undefined}>
          {`${index === cursor ? '❯' : ' '} ${chosen.includes(choice.value) ? '◉' : '◯'} ${choice.label}`}
        </Text>
      ))}
    </Frame>
  );
}

/**
 * State read through a ref: input handlers see the latest value even when keys arrive before
 * React has re-rendered and re-subscribed them (a key right after a redraw, or several in one chunk).
 */
export function useLiveState<T>(initial: T): [() => T, (update: (current: T) => T) => void] {
  const value = useRef(initial);
  const [, redraw] = useState(0);
  return [
    () => value.current,
    (update) => {
      value.current = update(value.current);
      redraw((n) => n + 1);
    },
  ];
}

/** Typed text as the question wants it: a number (null when left empty), else the text itself. */
function typedText(question: Question, text: string): unknown {
  if (question.type === 'number' && text.trim() === '') return null;
  return coerceAnswer(question, text);
}

function shown(question: Question, value: unknown): string {
  if (question.type === 'secret') return '*'.repeat(String(value ?? '').length);
  if (question.type === 'boolean') return value ? 'yes' : 'no';
  const label = (v: unknown) => question.choices?.find((choice) => choice.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (question.type === 'select') return label(value);
  return value === null ? '' : String(value);
}
