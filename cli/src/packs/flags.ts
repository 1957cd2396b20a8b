import { Flags } from '@oclif/core';

/** The registry to talk to; the token is never a flag (GTCX_TOKEN only). */
export const serverFlag = {
  server: Flags.string({
    description: 'Base URL of the gtcx server (pack registry); the token comes from GTCX_TOKEN.',
    env: 'GTCX_SERVER',
    helpValue: 'URL',
    helpGroup: 'REGISTRY',
  }),
};

export const lockfileFlag = {
  lockfile: Flags.string({
    description: 'Path of the lockfile to read and write (default: ./gtcx-lock.json).',
    helpValue: 'PATH',
  }),
};
