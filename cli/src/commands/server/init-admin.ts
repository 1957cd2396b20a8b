import { GtcxError } from '@gtcx/core/errors';
import { Flags } from '@oclif/core';
import { GtcxCommand } from '../../base-command.js';

export interface ServerInitAdminResult {
  username: string;
  email: string | null;
  admin: true;
  /** Where the store is, safe to print (no password). */
  location: string;
}

/** The contract's Password schema: at least 12 characters. */
const minPasswordLength = 12;

export default class ServerInitAdmin extends GtcxCommand {
  static override summary = "Create the server's first admin.";
  static override description =
    "A fresh server has no admin and no default password. This creates the first one in the server's store (migrating it first), with the password typed at a hidden prompt or read from standard input with --password-stdin (never a flag: it would land in shell history and process listings). It refuses once the server has an admin. Run it with the same --data-dir or --database-url as the server (they fall back to GTCX_DATA_DIR and DATABASE_URL).";
  static override examples = [
    {
      command: '<%= config.bin %> server init-admin --username admin --email admin@example.com',
      description: 'Asks for the password (twice) at a hidden prompt.',
    },
    {
      command:
        'printf \'%s\\n\' "$ADMIN_PASSWORD" | <%= config.bin %> server init-admin --username admin --password-stdin --database-url postgres://gtcx@db.internal/gtcx',
      description: 'In a script or a deployment job: the password comes from standard input.',
    },
  ];
  static override flags = {
    username: Flags.string({
      description: "The admin's username: lowercase letters, digits and inner hyphens, 1..39 characters.",
      required: true,
      helpValue: 'NAME',
    }),
    email: Flags.string({ description: "The admin's email address.", helpValue: 'ADDRESS' }),
    'password-stdin': Flags.boolean({
      description: 'Read the password from standard input (its first line) instead of asking for it.',
    }),
    'data-dir': Flags.string({ description: 'Directory for the SQLite store.', helpValue: 'DIR' }),
    'database-url': Flags.string({ description: 'postgres:// URL; selects PostgreSQL.', helpValue: 'URL' }),
  };

  async run(): Promise<ServerInitAdminResult> {
    const { flags } = await this.parse(ServerInitAdmin);
    const [
      { createUsersService, openServerStore, resolveServerConfig },
      { PromptCancelled, cancelledExitCode },
    ] = await Promise.all([import('@gtcx/server'), import('../../templates/prompting.js')]);
    const config = resolveServerConfig(
      { dataDir: flags['data-dir'], databaseUrl: flags['database-url'], logLevel: 'silent' },
      process.env,
    );
    const store = await openServerStore(config);
    try {
      await store.migrate();
      const users = createUsersService({ store });
      // Refused before asking for a password nobody would use.
      const admins = await users.countAdmins();
      if (admins > 0) throw alreadyInitialised(admins);
      const password = flags['password-stdin']
        ? await readPasswordFromStdin()
        : await askPassword(flags.username, this.jsonEnabled());
      const user = await users.createFirstAdmin({ username: flags.username, password, email: flags.email });
      if (!this.jsonEnabled()) {
        this.log(`Created the first admin, ${user.username}, in ${store.location}`);
        this.log(`Next: start the server (gtcx server start) and sign in as ${user.username} (gtcx login)`);
      }
      return { username: user.username, email: user.email, admin: true, location: store.location };
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      process.stderr.write('cancelled at the password prompt: no admin was created\n');
      return this.exit(cancelledExitCode);
    } finally {
      await store.close();
    }
  }
}

function alreadyInitialised(admins: number): GtcxError {
  return new GtcxError(
    'conflict',
    `this server already has ${admins === 1 ? 'an admin' : `${admins} admins`}`,
    {
      hint: 'sign in as an admin and create users with the API (POST /v1/users); init-admin only makes the first one',
      details: { admins },
    },
  );
}

/** The first line of standard input, without its line ending; the rest of the line is the password. */
async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY) {
    throw new GtcxError(
      'bad_request',
      '--password-stdin reads the password from standard input, which is a terminal',
      {
        hint: 'pipe it in (printf \'%s\\n\' "$ADMIN_PASSWORD" | gtcx server init-admin ... --password-stdin), or leave out --password-stdin to be asked for it',
      },
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  assertPolicy(password, 'the password read from standard input');
  return password;
}

/** Asks twice at a hidden prompt on the terminal; refuses, naming --password-stdin, where nobody can answer. */
async function askPassword(username: string, json: boolean): Promise<string> {
  const { promptStream } = await import('../../templates/prompting.js');
  const stream = promptStream(json);
  if (stream === undefined) {
    throw new GtcxError('bad_request', 'no password: standard input is not a terminal to ask for one on', {
      hint: 'pipe it in with --password-stdin: printf \'%s\\n\' "$ADMIN_PASSWORD" | gtcx server init-admin --username <name> --password-stdin',
    });
  }
  const password = await askHidden(
    `Password for ${username} (at least ${minPasswordLength} characters): `,
    stream,
  );
  assertPolicy(password, 'the password');
  const again = await askHidden('Repeat the password: ', stream);
  if (again !== password) {
    throw new GtcxError('validation_failed', 'the two passwords differ: no admin was created', {
      hint: 'run the command again and type the same password twice',
    });
  }
  return password;
}

function assertPolicy(password: string, what: string): void {
  if (password.length >= minPasswordLength) return;
  throw new GtcxError(
    'validation_failed',
    `${what} has ${password.length} characters; it needs at least ${minPasswordLength}`,
    {
      hint: 'choose a longer password (a passphrase of a few words works well)',
      details: { errors: [{ field: 'password', message: `needs at least ${minPasswordLength} characters` }] },
    },
  );
}

/** Reads one line from the terminal in raw mode, echoing nothing, so the password never shows. */
async function askHidden(question: string, stream: NodeJS.WriteStream): Promise<string> {
  const { PromptCancelled } = await import('../../templates/prompting.js');
  const stdin = process.stdin;
  // Raw mode (no echo) before the question shows: keys typed on seeing it must not echo.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  stream.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (settle: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stream.write('\n');
      settle();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(() => resolve(value));
        // Ctrl-C, or Ctrl-D on an empty line: the person gave up.
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          return finish(() => reject(new PromptCancelled()));
        }
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
