import { GtcxError } from '@gtcx/core/errors';
import type { components } from '@gtcx/sdk';
import { Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';
import { identityServerFlag } from '../../credentials/flags.js';

type AuditEvent = components['schemas']['AuditEvent'];

export interface AuditListResult {
  items: AuditEvent[];
  /** Pass as --cursor for the next page; null on the last page (always null with --all). */
  nextCursor: string | null;
}

export default class AuditList extends GtcxCommand {
  static override summary = "Search a gtcx server's audit log.";
  static override description =
    `Audit events, newest first, narrowed by the filters: who did what to which target, when, from where, and whether it succeeded. Server admins read every event; an org's owners read its events with --org.

--action takes an action (pack.publish) or a prefix ending in .* (token.*). --since and --until take an RFC 3339 time, a date (UTC midnight), or a duration ago such as 30m, 24h or 7d. The audit log lives on the server: this command needs one (--server, GTCX_SERVER or the server config key) and a token with audit:read (gtcx login, or GTCX_TOKEN).`;
  static override examples = [
    { command: '<%= config.bin %> audit list --org acme', description: 'The latest events of the org acme.' },
    {
      command: '<%= config.bin %> audit list --action token.* --since 7d',
      description: 'Every token event of the past week.',
    },
    {
      command: '<%= config.bin %> audit list --actor alice --all --json',
      description: "All of alice's events, as JSON.",
    },
  ];
  static override flags = {
    ...identityServerFlag,
    offline: Flags.boolean({
      description: 'Refused: the audit log exists only on a server.',
      env: 'GTCX_OFFLINE',
      helpGroup: 'SERVER',
    }),
    actor: Flags.string({
      description: 'Only events by this username or service account.',
      helpValue: 'NAME',
    }),
    action: Flags.string({
      description: 'Only this action, or a prefix ending in .* (token.*).',
      helpValue: 'ACTION',
    }),
    target: Flags.string({ description: 'Only events on this target, e.g. user:alice or @acme/web@1.0.0.' }),
    org: Flags.string({ description: 'Only events of this org (required unless you are a server admin).' }),
    since: Flags.string({
      description: 'Only events at or after this time (RFC 3339, date, or 24h/7d ago).',
      helpValue: 'TIME',
    }),
    until: Flags.string({
      description: 'Only events before this time (RFC 3339, date, or 24h/7d ago).',
      helpValue: 'TIME',
    }),
    limit: Flags.integer({
      description: 'Events per page (1-100; default 20, or 100 with --all).',
      min: 1,
      max: 100,
    }),
    cursor: Flags.string({ description: 'The nextCursor of the previous page.', exclusive: ['all'] }),
    all: Flags.boolean({ description: 'Every matching event: follow the pages to the end.' }),
  };

  async run(): Promise<AuditListResult> {
    const { flags } = await this.parse(AuditList);
    const now = Date.now();
    const since = flags.since === undefined ? undefined : parseTime('--since', flags.since, now);
    const until = flags.until === undefined ? undefined : parseTime('--until', flags.until, now);
    const server = await auditServer(flags, process.env);
    const [{ openSession }, { renderTable }] = await Promise.all([
      import('../../credentials/session.js'),
      import('../../credentials/table.js'),
    ]);
    const session = await openSession({ server });
    const filters = {
      ...(flags.actor === undefined ? {} : { actor: flags.actor }),
      ...(flags.action === undefined ? {} : { action: flags.action }),
      ...(flags.target === undefined ? {} : { target: flags.target }),
      ...(flags.org === undefined ? {} : { org: flags.org }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
    };
    const limit = flags.limit ?? (flags.all ? 100 : 20);
    const page = (cursor: string | undefined) =>
      session.call('read the audit log', (client) =>
        client.GET('/v1/audit', { params: { query: { ...filters, limit, ...(cursor ? { cursor } : {}) } } }),
      );
    const result: AuditListResult = { items: [], nextCursor: null };
    let cursor = flags.cursor;
    do {
      const answer = await page(cursor);
      result.items.push(...answer.items);
      result.nextCursor = answer.nextCursor;
      cursor = answer.nextCursor ?? undefined;
    } while (flags.all && cursor !== undefined);

    if (!this.jsonEnabled()) {
      const rows = result.items.map((event) => [
        `${event.occurredAt.slice(0, 19).replace('T', ' ')}Z`,
        event.actor ?? `(${event.actorType})`,
        event.action,
        event.target ?? '-',
        event.org ?? '-',
        event.outcome,
        event.ip ?? '-',
      ]);
      this.log(
        renderTable(
          ['TIME', 'ACTOR', 'ACTION', 'TARGET', 'ORG', 'OUTCOME', 'IP'],
          rows,
          'No audit events match.',
        ),
      );
      if (result.nextCursor !== null) this.log(`More: --cursor ${result.nextCursor} (or --all)`);
    }
    return result;
  }
}

/** The server to read from; offline there is no audit log to read. */
async function auditServer(
  flags: { server?: string | undefined; offline?: boolean | undefined },
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const [{ configPath, readConfigFile }, { planBackend }, { resolveEntry }] = await Promise.all([
    import('../../config/file.js'),
    import('../../backends/select.js'),
    import('../../config/resolve.js'),
  ]);
  const config = await readConfigFile(configPath(env));
  const plan = planBackend({ offline: flags.offline, server: flags.server, env, config: config.values });
  if (plan.mode === 'remote') return plan.server;
  if (flags.offline === true || resolveEntry('offline', config.values, env).value === true) {
    throw new GtcxError('bad_request', 'the audit log lives on a gtcx server, and offline mode is on', {
      hint: 'drop --offline (and unset GTCX_OFFLINE, or gtcx config unset offline), then pass --server URL',
    });
  }
  throw new GtcxError('bad_request', 'the audit log lives on a gtcx server, and none is configured', {
    hint: 'pass --server URL (or set GTCX_SERVER), then sign in with gtcx login --server URL or set GTCX_TOKEN',
  });
}

const durationUnits: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** RFC 3339 as given; a date as its UTC midnight; a duration (24h, 7d) as that long before now. */
export function parseTime(flag: string, value: string, now: number): string {
  const duration = /^(\d{1,6})([smhdw])$/.exec(value.trim());
  if (duration?.[1] !== undefined && duration[2] !== undefined) {
    return new Date(now - Number(duration[1]) * (durationUnits[duration[2]] ?? 0)).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return `${value}T00:00:00Z`;
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) {
    const time = new Date(value.replace(' ', 'T'));
    if (!Number.isNaN(time.getTime())) return time.toISOString();
  }
  throw new GtcxError('bad_request', `${flag} "${value}" is not a time`, {
    hint: `pass ${flag} as an RFC 3339 time (2025-01-31T12:00:00Z), a date (2025-01-31) or a duration ago (30m, 24h, 7d)`,
    details: { errors: [{ field: flag, message: 'is not a time' }] },
  });
}
