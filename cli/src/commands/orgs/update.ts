import { GtcxError, isGtcxError } from '@gtcx/core/errors';
import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Org = components['schemas']['Org'];
type OrgUpdate = components['schemas']['OrgUpdateRequest'];

/** A flag's text, an empty one clearing the field; too long is refused before any request. */
function optionalText(flag: string, value: string, max: number): string | null {
  if (value.length <= max) return value === '' ? null : value;
  throw new GtcxError(
    'validation_failed',
    `--${flag} is ${value.length} characters; at most ${max} are allowed`,
    {
      hint: `shorten --${flag}`,
      details: { [flag]: value.length },
    },
  );
}

export default class OrgsUpdate extends GtcxCommand {
  static override summary = "Change an org's display name or description.";
  static override description =
    'Changes the given fields of the org; an empty value clears one. The update is based on the org as just read: if someone changes it in between, nothing is changed and the command fails, to be run again. The name (and so the pack scope) cannot change. Org owners only.';
  static override examples = [
    {
      command:
        '<%= config.bin %> orgs update acme --display-name "Acme Corp" --description "Platform team packs"',
      description: 'Set both.',
    },
    { command: '<%= config.bin %> orgs update acme --description ""', description: 'Clear the description.' },
  ];
  static override args = { org: Args.string({ description: 'The org name.', required: true }) };
  static override flags = {
    ...identityServerFlag,
    'display-name': Flags.string({ description: 'A human-readable name ("" clears it).' }),
    description: Flags.string({ description: 'What the org is for ("" clears it).' }),
  };

  async run(): Promise<Org> {
    const { args, flags } = await this.parse(OrgsUpdate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const name = checkName('org', args.org);
    const patch: OrgUpdate = {
      ...(flags['display-name'] === undefined
        ? {}
        : { displayName: optionalText('display-name', flags['display-name'], 200) }),
      ...(flags.description === undefined
        ? {}
        : { description: optionalText('description', flags.description, 1024) }),
    };
    if (Object.keys(patch).length === 0) {
      throw new GtcxError('bad_request', `nothing to change in org ${name}`, {
        hint: `pass --display-name or --description, e.g. gtcx orgs update ${name} --display-name "Acme Corp"`,
        details: { org: name },
      });
    }
    const session = await openSession(flags);
    const notFound = 'gtcx orgs list shows the orgs you belong to';
    let etag: string | undefined;
    await session.call(
      `read org ${name}`,
      async (client) => {
        const result = await client.GET('/v1/orgs/{orgName}', { params: { path: { orgName: name } } });
        etag = result.response.headers.get('etag') ?? undefined;
        return result;
      },
      { notFound },
    );
    let org: Org;
    try {
      org = await session.call(
        `update org ${name}`,
        (client) =>
          client.PATCH('/v1/orgs/{orgName}', {
            params: {
              path: { orgName: name },
              ...(etag === undefined ? {} : { header: { 'If-Match': etag } }),
            },
            body: patch,
          }),
        { notFound },
      );
    } catch (error) {
      if (isGtcxError(error) && error.code === 'precondition_failed') {
        throw new GtcxError(
          'precondition_failed',
          `org ${name} was changed by someone else while updating it; nothing was changed`,
          {
            hint: `run gtcx orgs show ${name} to see it now, then run the update again`,
            details: { org: name },
          },
        );
      }
      throw error;
    }
    if (!this.jsonEnabled())
      this.log(`Updated org ${org.name}${org.displayName ? ` (${org.displayName})` : ''}`);
    return org;
  }
}
