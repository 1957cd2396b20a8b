import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GtcxError, isGtcxError } from '../errors.js';
import { type ApplyIo, applyGeneration } from './apply.js';
import { type HookExec, runHooks } from './hooks.js';
import type { PlannedFile } from './plan.js';
import { projectRecordPath, serializeProjectRecord } from './record.js';
import type { Migration } from './types.js';
import { type PlannedWork, plannedWork, type UpdatePlan } from './update-plan.js';

export interface ApplyUpdateOptions {
  /** Run the crossed migrations (--trust, or a source trusted in config). */
  trust: boolean;
  /** Runs one migration command; execa with a shell when left out (see runHooks). */
  exec?: HookExec;
  /** The migrations' output: 'inherit' (default) shows it; 'pipe' or 'ignore' keeps stdout clean for --json. */
  stdio?: 'inherit' | 'pipe' | 'ignore';
  /** The file operations, as for applyGeneration (tests make one fail midway). */
  io?: ApplyIo;
}

export interface UpdateResult {
  plan: UpdatePlan;
  /** Paths written, .gtcx-theirs copies included, sorted. */
  written: string[];
  removed: string[];
  /** Written with conflict markers, or with a .gtcx-theirs copy beside them: the user resolves these. */
  conflicts: string[];
  recordWritten: boolean;
  migrations: {
    ran: Migration[];
    skipped: Migration[];
    /** How to run skipped migrations. */
    hint?: string;
  };
}

/**
 * Applies a plan from planUpdate. Files, removals and the new record are committed together, all
 * or nothing (applyGeneration: staged, moved into place, undone on failure or Ctrl-C). Migrations
 * run after that, in version order, in the project, and only with trust; the record is already at
 * the target then, so a failed migration is not run again by the next update (the error says what
 * to run by hand). A plan without changes writes nothing, the record included.
 */
export async function applyUpdate(plan: UpdatePlan, options: ApplyUpdateOptions): Promise<UpdateResult> {
  const planned = plannedWork(plan);
  await commit(plan.projectDir, planned, options.io);
  const result: UpdateResult = {
    plan,
    written: planned.writes.map((w) => w.path).sort(),
    removed: [...planned.removals].sort(),
    conflicts: plan.conflicts,
    recordWritten: planned.record !== undefined,
    migrations: { ran: [], skipped: [] },
  };
  if (plan.migrations.length === 0) return result;
  if (!options.trust) {
    result.migrations = { ran: [], skipped: plan.migrations, hint: skippedHint(plan) };
    return result;
  }
  result.migrations = { ran: await runMigrations(plan, options), skipped: [] };
  return result;
}

async function runMigrations(plan: UpdatePlan, options: ApplyUpdateOptions): Promise<Migration[]> {
  const ran: Migration[] = [];
  for (const migration of plan.migrations) {
    try {
      await runHooks(migration.run, {
        cwd: plan.projectDir,
        trusted: true,
        ...(options.exec ? { exec: options.exec } : {}),
        ...(options.stdio ? { stdio: options.stdio } : {}),
      });
    } catch (error) {
      const remaining = plan.migrations.slice(ran.length).flatMap((m) => m.run);
      throw new GtcxError(
        'internal',
        `migration ${migration.version} of ${plan.template} failed in ${plan.projectDir}`,
        {
          hint: `the files and the record are already at ${plan.to}; fix the cause, then run in the project: ${remaining.join(' && ')}`,
          details: { version: migration.version, remaining },
          cause: error,
        },
      );
    }
    ran.push(migration);
  }
  return ran;
}

function skippedHint(plan: UpdatePlan): string {
  const commands = plan.migrations.flatMap((m) => m.run).join(' && ');
  return (
    `migrations run only with --trust (or a source matched by the trustedSources config key); the update is applied, ` +
    `so run them yourself in ${plan.projectDir}: ${commands}`
  );
}

async function commit(projectDir: string, planned: PlannedWork, io: ApplyIo | undefined): Promise<void> {
  const files: PlannedFile[] = planned.writes.map(({ path, file }) => ({
    path,
    action: 'modify',
    content: file.content,
    mode: file.mode,
  }));
  if (planned.record) {
    const content = Buffer.from(serializeProjectRecord(planned.record));
    files.push({ path: projectRecordPath, action: 'modify', content, mode: 0o644 });
  }
  files.push(...planned.removals.map((path): PlannedFile => ({ path, action: 'delete' })));
  if (files.length === 0) return;
  try {
    await applyGeneration(projectDir, { target: projectDir, files, injections: [] }, io ? { io } : {});
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GtcxError(
      isGtcxError(error) ? error.code : 'internal',
      `could not apply the update to ${projectDir}: ${reason}; the project was left as it was`,
      {
        hint: (isGtcxError(error) && error.hint) || 'fix the cause and run the update again',
        ...(isGtcxError(error) && error.details ? { details: error.details } : {}),
        cause: error,
      },
    );
  }
  await removeEmptyParents(projectDir, planned.removals);
}

/** Directories left empty by removed files go too, up to (never including) the project root. */
async function removeEmptyParents(root: string, removals: readonly string[]): Promise<void> {
  for (const path of removals) {
    const segments = path.split('/').slice(0, -1);
    while (segments.length > 0) {
      const removed = await rmdir(join(root, ...segments)).then(
        () => true,
        () => false,
      );
      if (!removed) break;
      segments.pop();
    }
  }
}
