/**
 * What commands talk to. The local backend runs core against the SQLite store in the user's data dir;
 * the remote one calls a gtcx server through the SDK. Commands never know which one they hold, and
 * one conformance suite (cli/test/backends.test.ts) holds both to the same behaviour.
 */
export interface Backend {
  readonly mode: 'local' | 'remote';
  /** Where the data lives, safe to print: a file path or a server URL, never a credential. */
  readonly location: string;
  status(): Promise<BackendStatus>;
  close(): Promise<void>;
}

export interface BackendCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface BackendStatus {
  mode: Backend['mode'];
  location: string;
  ok: boolean;
  checks: BackendCheck[];
}
