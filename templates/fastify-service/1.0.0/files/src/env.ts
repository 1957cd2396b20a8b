/** The port from HTTP_PORT, or `fallback` when it is unset or empty. */
export function readPort(env: NodeJS.ProcessEnv, fallback: number): number {
  const value = env.HTTP_PORT;
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`HTTP_PORT must be an integer from 1 to 65535, got "${value}"`);
  }
  return port;
}

/** The value of a variable the service cannot start without. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set; copy .env.example to .env and start with: node --env-file=.env`);
  }
  return value;
}
