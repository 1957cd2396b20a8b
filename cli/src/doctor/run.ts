import {
  configCheck,
  type DoctorCheck,
  type DoctorOptions,
  dataDirCheck,
  nativeModuleCheck,
  nodeCheck,
  serverCheck,
  storeCheck,
} from './checks.js';

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/** The checks in the order people read them; `onCheck` lets a view show each as it lands. */
export const checkNames = ['node', 'config', 'data dir', 'sqlite', 'store', 'server'] as const;

export async function runDoctor(
  options: DoctorOptions,
  onCheck: (check: DoctorCheck) => void = () => {},
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const record = (check: DoctorCheck) => {
    checks.push(check);
    onCheck(check);
    return check;
  };

  record(nodeCheck());
  const { check: config, values } = await configCheck(options.env);
  record(config);
  const dataDir = record(await dataDirCheck(options.env));
  const native = record(nativeModuleCheck());
  // Opening the store would create files in a bad place or crash on a broken addon: say why not.
  if (dataDir.status !== 'pass' || native.status !== 'pass') {
    record({
      name: 'store',
      status: 'skip',
      detail: `not tried: the ${dataDir.status !== 'pass' ? 'data dir' : 'sqlite'} check failed`,
    });
  } else {
    record(await storeCheck(options.env));
  }
  record(await serverCheck(options, values));

  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}
