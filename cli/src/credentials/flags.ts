import { Flags } from '@oclif/core';

/** The server the identity commands talk to; the token is never a flag (gtcx login or GTCX_TOKEN). */
export const identityServerFlag = {
  server: Flags.string({
    description: 'Base URL of the gtcx server (default: GTCX_SERVER, then the server config key).',
    env: 'GTCX_SERVER',
    helpValue: 'URL',
    helpGroup: 'SERVER',
  }),
};
