import type { components } from '@gtcx/sdk';
import type { OrgRole, TeamRole } from './inputs.js';
import type { Session } from './session.js';

export type Membership = components['schemas']['Membership'];
export type TeamMembership = components['schemas']['TeamMembership'];

const orgHint = 'gtcx orgs list shows your orgs; the user must exist on the server';

/** PUT is add-or-change: 201 when the user joined, 200 when only the role changed. */
export async function putOrgMember(
  session: Session,
  org: string,
  username: string,
  role: OrgRole,
): Promise<{ membership: Membership; added: boolean }> {
  let status = 0;
  const membership = await session.call(
    `make ${username} ${role === 'owner' ? 'an' : 'a'} ${role} of org ${org}`,
    async (client) => {
      const result = await client.PUT('/v1/orgs/{orgName}/members/{username}', {
        params: { path: { orgName: org, username } },
        body: { role },
      });
      status = result.response.status;
      return result;
    },
    { notFound: orgHint },
  );
  return { membership, added: status === 201 };
}

export async function putTeamMember(
  session: Session,
  org: string,
  team: string,
  username: string,
  role: TeamRole | undefined,
): Promise<{ membership: TeamMembership; added: boolean }> {
  let status = 0;
  const membership = await session.call(
    `add ${username} to team ${org}/${team}`,
    async (client) => {
      const result = await client.PUT('/v1/orgs/{orgName}/teams/{teamName}/members/{username}', {
        params: { path: { orgName: org, teamName: team, username } },
        body: role === undefined ? {} : { role },
      });
      status = result.response.status;
      return result;
    },
    { notFound: `gtcx teams list ${org} shows the org's teams; the user must exist on the server` },
  );
  return { membership, added: status === 201 };
}
