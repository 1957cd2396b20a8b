import { Flags } from '@oclif/core';

/** The answer flags `new` and `update` share. */
export const answerFlags = {
  set: Flags.string({
    description: 'Answer a question: name=value (repeatable; a multiselect takes a,b).',
    multiple: true,
    helpValue: 'KEY=VALUE',
  }),
  answers: Flags.string({
    description: 'Read answers from a JSON or YAML file (--set wins over it).',
    helpValue: 'FILE',
  }),
  defaults: Flags.boolean({
    description: 'Take the default for every question not answered by --set or --answers.',
  }),
};
