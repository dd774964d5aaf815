import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, LockTimeoutError } from '../../scripts/lib/publish/lock.ts';

describe('the publish lock', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'publish-lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const lockFile = () => path.join(root, LOCK_FILE);

  it('holds the pid, and is gone once released', async () => {
    const release = await acquireLock(root, { timeoutMs: 0 });
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    await release();
    expect(() => readFileSync(lockFile())).toThrow();
  });

  it('makes a second taker wait until the first releases it, telling it who holds it', async () => {
    const first = await acquireLock(root, { timeoutMs: 0 });
    const waits: number[] = [];
    let second = false;
    // The wait is what this test is about, not its time-out: that is an hour, out of reach.
    const taking = acquireLock(root, { timeoutMs: 3_600_000, pollMs: 20, onWait: (holder) => waits.push(holder) }).then((release) => {
      second = true;
      return release;
    });
    // Until the second taker has found the lock held, however long a busy machine takes to get there.
    while (waits.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // And a few of its polls more: it still waits while the first holds the lock.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second).toBe(false);
    expect(waits).toEqual([process.pid]);
    await first();
    await (
      await taking
    )();
    expect(second).toBe(true);
  });

  it('gives up after the timeout while a live process holds it', async () => {
    writeFileSync(lockFile(), '1\n'); // pid 1 is always alive
    await expect(acquireLock(root, { timeoutMs: 100, pollMs: 20 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(readFileSync(lockFile(), 'utf8')).toBe('1\n');
  });

  it("takes over a dead process's lock, once, when several wait", async () => {
    writeFileSync(lockFile(), '4000000\n');
    const isAlive = (pid: number) => pid !== 4_000_000;
    const release = await acquireLock(root, { timeoutMs: 0, isAlive });
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    // A second taker finds a live holder (this process) and must not take it over.
    await expect(acquireLock(root, { timeoutMs: 50, pollMs: 10, isAlive })).rejects.toBeInstanceOf(LockTimeoutError);
    await release();
  });
});
