import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pidIsAlive } from '../processes.ts';

/**
 * One publisher at a time per web root: an exclusive lock file `<web-root>/.publish.lock`
 * holding the holder's pid. Created with O_EXCL, so of two runs starting together exactly one
 * gets it; the other waits (saying so) and goes on when the first is done. A lock left by a
 * killed run (its pid no longer runs) is taken over.
 */

export const LOCK_FILE = '.publish.lock';

export interface LockOptions {
  /** How long to wait for another run before giving up, in milliseconds. */
  timeoutMs: number;
  /** Told once, when this run has to wait, with the holder's pid. */
  onWait?: (holder: number) => void;
  /** How often to look again. */
  pollMs?: number;
  isAlive?: (pid: number) => boolean;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly holder: number,
    readonly timeoutMs: number,
  ) {
    super(`另一个发布进程（pid ${holder}）已运行超过 ${Math.round(timeoutMs / 1000)} 秒仍未结束，本次未发布。`);
  }
}

/** Takes the lock, waiting up to the timeout; resolves to the function that gives it back. */
export async function acquireLock(webRoot: string, { timeoutMs, onWait, pollMs = 200, isAlive = pidIsAlive }: LockOptions): Promise<() => Promise<void>> {
  const file = path.join(webRoot, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    if (await tryCreate(file)) return () => releaseLock(file);
    const holder = await holderOf(file);
    if (holder !== undefined && !isAlive(holder)) {
      await takeOver(file, holder);
      continue;
    }
    // No pid yet: the holder has created the file and is writing it. Look again shortly.
    if (holder !== undefined && !told) {
      told = true;
      onWait?.(holder);
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(holder ?? 0, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function tryCreate(file: string): Promise<boolean> {
  // Written under a private name, then linked into place: the lock never exists without its pid.
  const draft = `${file}.${process.pid}`;
  await writeNew(draft, `${process.pid}\n`);
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

async function writeNew(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

async function holderOf(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Removes a dead run's lock. Two waiting runs may both find it dead: the lock is first moved
 * to a name of this run's own (a rename is atomic, so only one run moves any given file), and
 * if what was moved is not the dead run's lock after all (another run took over and locked in
 * between), it is put back.
 */
async function takeOver(file: string, deadPid: number): Promise<void> {
  const moved = `${file}.stale-${process.pid}`;
  try {
    await rename(file, moved);
  } catch {
    return; // Already gone: another run took it over.
  }
  if ((await holderOf(moved)) !== deadPid) await link(moved, file).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
}

async function releaseLock(file: string): Promise<void> {
  // Only this run's own lock: never one another run took over after this one was thought dead.
  if ((await holderOf(file)) === process.pid) await unlink(file);
}
