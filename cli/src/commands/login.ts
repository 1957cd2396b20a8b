import { Flags } from '@oclif/core';
import { GtcxCommand } from '../base-command.js';
import { identityServerFlag } from '../credentials/flags.js';
import { scopes } from '../credentials/inputs.js';
import type { LoginResult } from '../credentials/login.js';
import type { DeviceAuthorization } from '../credentials/oauth.js';

export default class Login extends GtcxCommand {
  static override summary = 'Sign in to a gtcx server.';
  static override description =
    'Starts a device login: prints a URL and a code to approve there (signed in, in a browser or with gtcx), waits for the approval, then stores the tokens for this server in credentials.json in the gtcx config dir (mode 0600) and refreshes them as needed. --with-token stores a personal access token read from standard input instead. When the config file names no server yet, this one becomes the default. GTCX_TOKEN, when set, takes precedence over stored logins.';
  static override examples = [
    {
      command: '<%= config.bin %> login --server https://gtcx.example.com',
      description: 'Sign in with a code approved in the browser.',
    },
    {
      command: 'echo "$GTCX_PAT" | <%= config.bin %> login --with-token',
      description: 'Store a personal access token (e.g. on a build machine).',
    },
    {
      command: '<%= config.bin %> login --scope packs:read --scope packs:publish',
      description: 'Ask for fewer scopes than all of yours.',
    },
  ];
  static override flags = {
    ...identityServerFlag,
    'with-token': Flags.boolean({
      description:
        'Read a personal access token from standard input and store it, instead of the device login.',
    }),
    scope: Flags.string({
      description: 'A scope to ask for (repeatable); all of your scopes when left out.',
      multiple: true,
      options: [...scopes],
      helpValue: 'SCOPE',
      exclusive: ['with-token'],
    }),
  };

  async run(): Promise<LoginResult> {
    const { flags } = await this.parse(Login);
    const [{ resolveServer }, login] = await Promise.all([
      import('../credentials/session.js'),
      import('../credentials/login.js'),
    ]);
    const env = process.env;
    const server = await resolveServer(flags.server, env);
    let entry: Awaited<ReturnType<typeof login.deviceCredentials>>;
    let user: LoginResult['user'];
    if (flags['with-token']) {
      const token = await login.readTokenFromStdin();
      user = await login.currentUser(server, token, `check the token with ${server}`);
      entry = login.tokenCredentials(token, user);
    } else {
      const tokens = await login.deviceLogin(server, flags.scope ?? [], (device) => this.showCode(device));
      user = await login.currentUser(server, tokens.access_token, `read who signed in at ${server}`);
      entry = login.deviceCredentials(tokens, user);
    }
    const stored = await login.storeLogin(server, entry, env);
    const result: LoginResult = { server, user, method: entry.method, ...stored };
    if (!this.jsonEnabled()) {
      this.log(`Logged in to ${server} as ${user.subject}${user.admin ? ' (server admin)' : ''}`);
      this.log(`  scopes: ${user.scopes.join(', ') || '(none)'}`);
      this.log(`  credentials: ${stored.credentialsFile}`);
      if (stored.defaultServerSet)
        this.log(`  default server is now ${server} (gtcx config set server to change it)`);
    }
    if (env.GTCX_TOKEN) {
      process.stderr.write(
        'Warning: GTCX_TOKEN is set and is used instead of this login until you unset it.\n',
      );
    }
    return result;
  }

  /**
   * The code goes to stderr in every mode: stdout carries the result alone, so `--json` output stays
   * one document; under --json the prompt is a JSON line a wrapping tool can read.
   */
  private showCode(device: DeviceAuthorization): void {
    if (this.jsonEnabled()) {
      const prompt = {
        userCode: device.user_code,
        verificationUri: device.verification_uri,
        verificationUriComplete: device.verification_uri_complete ?? null,
        expiresIn: device.expires_in,
      };
      process.stderr.write(`${JSON.stringify(prompt)}\n`);
      return;
    }
    const minutes = Math.max(1, Math.round(device.expires_in / 60));
    const lines = [`Open ${device.verification_uri} and enter code ${device.user_code}`];
    if (device.verification_uri_complete) lines.push(`  (or open ${device.verification_uri_complete})`);
    lines.push(`Waiting for approval; the code expires in ${minutes} minute${minutes === 1 ? '' : 's'}...`);
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}
