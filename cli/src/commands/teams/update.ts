import { GtcxError, isGtcxError } from '@gtcx/core/errors';
import type { components } from '@gtcx/sdk';
import { Args, Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type Team = components['schemas']['Team'];
type TeamUpdate = components['schemas']['TeamUpdateRequest'];

const maxDescription = 1024;

export default class TeamsUpdate extends GtcxCommand {
  static override summary = 'Rename a team or change its description.';
  static override description =
    'Changes the given fields of the team; a new name must be free in the org, and an empty description clears it. The update is based on the team as just read: if someone changes it in between, nothing is changed and the command fails, to be run again. Org owners and maintainers.';
  static override examples = [
    {
      command: '<%= config.bin %> teams update acme platform --name infra',
      description: 'Rename the team platform to infra.',
    },
    {
      command: '<%= config.bin %> teams update acme web --description "Web templates"',
      description: 'Change its description.',
    },
  ];
  static override args = {
    org: Args.string({ description: 'The org name.', required: true }),
    team: Args.string({ description: 'The team name.', required: true }),
  };
  static override flags = {
    ...identityServerFlag,
    name: Flags.string({ description: 'A new name for the team.', helpValue: 'NAME' }),
    description: Flags.string({ description: 'What the team is for ("" clears it).' }),
  };

  async run(): Promise<Team> {
    const { args, flags } = await this.parse(TeamsUpdate);
    const [{ openSession }, { checkName }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/inputs.js'),
    ]);
    const org = checkName('org', args.org);
    const name = checkName('team', args.team);
    if (flags.description !== undefined && flags.description.length > maxDescription) {
      throw new GtcxError(
        'validation_failed',
        `--description is ${flags.description.length} characters; at most ${maxDescription} are allowed`,
        { hint: 'shorten --description', details: { description: flags.description.length } },
      );
    }
    const patch: TeamUpdate = {
      ...(flags.name === undefined ? {} : { name: checkName('team', flags.name) }),
      ...(flags.description === undefined
        ? {}
        : { description: flags.description === '' ? null : flags.description }),
    };
    if (Object.keys(patch).length === 0) {
      throw new GtcxError('bad_request', `nothing to change in team ${org}/${name}`, {
        hint: `pass --name or --description, e.g. gtcx teams update ${org} ${name} --description "What it is for"`,
        details: { org, team: name },
      });
    }
    const session = await openSession(flags);
    const notFound = `gtcx teams list ${org} shows the org's teams`;
    const path = { orgName: org, teamName: name };
    let etag: string | undefined;
    await session.call(
      `read team ${org}/${name}`,
      async (client) => {
        const result = await client.GET('/v1/orgs/{orgName}/teams/{teamName}', { params: { path } });
        etag = result.response.headers.get('etag') ?? undefined;
        return result;
      },
      { notFound },
    );
    let team: Team;
    try {
      team = await session.call(
        `update team ${org}/${name}`,
        (client) =>
          client.PATCH('/v1/orgs/{orgName}/teams/{teamName}', {
            params: { path, ...(etag === undefined ? {} : { header: { 'If-Match': etag } }) },
            body: patch,
          }),
        { notFound },
      );
    } catch (error) {
      if (isGtcxError(error) && error.code === 'precondition_failed') {
        throw new GtcxError(
          'precondition_failed',
          `team ${org}/${name} was changed by someone else while updating it; nothing was changed`,
          {
            hint: `run gtcx teams show ${org} ${name} to see it now, then run the update again`,
            details: { org, team: name },
          },
        );
      }
      throw error;
    }
    if (!this.jsonEnabled()) {
      this.log(
        team.name === name
          ? `Updated team ${org}/${name}`
          : `Renamed team ${org}/${name} to ${org}/${team.name}`,
      );
    }
    return team;
  }
}
