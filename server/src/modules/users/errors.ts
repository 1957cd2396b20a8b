import { GtcxError } from '@gtcx/core';

/** Also what a caller gets for an org they may not know about: its existence is not leaked. */
export function orgNotFound(org: string): GtcxError {
  return new GtcxError('not_found', `org "${org}" not found`, {
    hint: 'check the name: you see only the orgs you belong to (GET /v1/orgs lists them)',
    details: { org },
  });
}

export function userNotFound(username: string): GtcxError {
  return new GtcxError('not_found', `user "${username}" not found`, {
    hint: 'check the username (server admins can list users: GET /v1/users)',
    details: { username },
  });
}

export function teamNotFound(org: string, team: string): GtcxError {
  return new GtcxError('not_found', `team "${team}" not found in org "${org}"`, {
    hint: `check the name against the org's teams (GET /v1/orgs/${org}/teams)`,
    details: { org, team },
  });
}

export function notInTeam(org: string, team: string, username: string): GtcxError {
  return new GtcxError('not_found', `"${username}" is not a member of team "${team}" in org "${org}"`, {
    hint: `check the username against the team's members (GET /v1/orgs/${org}/teams/${team}/members)`,
    details: { org, team, username },
  });
}

export function notAMember(org: string, username: string): GtcxError {
  return new GtcxError('not_found', `"${username}" is not a member of org "${org}"`, {
    hint: `check the username against the org's members (GET /v1/orgs/${org}/members)`,
    details: { org, username },
  });
}

export function forbidden(message: string, hint: string, details: Record<string, unknown> = {}): GtcxError {
  return new GtcxError('forbidden', message, { hint, details });
}

export function conflict(message: string, hint: string, details: Record<string, unknown> = {}): GtcxError {
  return new GtcxError('conflict', message, { hint, details });
}
