import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Child processes of tests: started asynchronously, so that Vitest's worker keeps answering its
 * RPC (a `spawnSync` of a minute-long build blocks the worker's event loop, and once it returns
 * the expired 60 s timer of a pending `onTaskUpdate` call fires before the answer is read:
 * `Timeout calling "onTaskUpdate"`), and always stopped: a stop sends a signal, waits a grace
 * period, then SIGKILLs the whole process tree (builds start workers, nginx its own, `git push`
 * a hook that builds). Every child started here is stopped when the test that started it ends
 * and, for those started in a hook, when the test file ends (tests/helpers/setup.ts), whether
 * the test passed or not, and when the worker exits.
 */

/** How long a stopped process gets to exit on its own before it is killed. */
export const GRACE_MS = 5_000;
/** Time-out of a command that takes milliseconds (git, pdftotext): only a hang reaches it. */
export const QUICK_MS = 30_000;

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr. */
  output: string;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Where the child's output goes: collected (the default) or the test's own stdout/stderr. */
  stdio?: 'pipe' | 'inherit';
}

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves once it has exited (never rejects). */
  readonly exited: Promise<Run>;
  /** Sends `signal`, waits up to `graceMs`, then SIGKILLs its process tree. Never hangs. */
  stop(options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<void>;
}

interface Tracked {
  started: Started;
  generation: number;
}

const live = new Set<Tracked>();
let generation = 0;
/** Other things to stop at the end of a file (Chromium: tests/helpers/chromium.ts). */
const stops = new Set<() => Promise<void>>();

/** Registers a stop for stopAll; returns the function that unregisters it. */
export function onStopAll(stop: () => Promise<void>): () => void {
  stops.add(stop);
  return () => stops.delete(stop);
}

/** Starts a long-running child (a server, a build a test waits for) that the helpers will stop. */
export function start(command: string, args: string[], options: StartOptions = {}): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    uid: options.uid,
    gid: options.gid,
    stdio: options.stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
    output += chunk;
  });
  const exited = new Promise<Run>((resolve) => {
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    child.once('exit', (status, signal) => {
      // 'close' comes once the pipes are drained; a grandchild left holding them would delay it for ever.
      void settles(closed, GRACE_MS).then(() => resolve({ status, signal, stdout, stderr, output: `${stdout}${stderr}` }));
    });
    child.once('error', (error) => resolve({ status: null, signal: null, stdout, stderr: `${stderr}${error.message}`, output: `${output}${error.message}` }));
  });
  const tracked: Tracked = {
    generation: ++generation,
    started: {
      child,
      pid: child.pid ?? -1,
      output: () => output,
      exited,
      stop: (stopOptions) => stopChild(child, exited, stopOptions),
    },
  };
  live.add(tracked);
  void exited.then(() => live.delete(tracked));
  return tracked.started;
}

/** Runs a command to its end, asynchronously; stopped like any other child if its test ends first. */
export async function run(command: string, args: string[], options: StartOptions = {}): Promise<Run> {
  return start(command, args, options).exited;
}

/**
 * Runs a command that takes milliseconds synchronously, killed after QUICK_MS (a hang, not a
 * slow machine). Not for builds: they would block the worker's event loop (see above).
 */
export function runQuick(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: QUICK_MS, killSignal: 'SIGKILL' });
  if (result.error) throw result.error;
  return result;
}

/** The stdout of a quick command (runQuick) that must succeed, as execFileSync returns it. */
export function quickOutput(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const result = runQuick(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  return result.stdout;
}

/** Which children a test has started so far: a mark to stop those started after it. */
export function currentGeneration(): number {
  return generation;
}

/** Stops every child started after `mark` that still runs (after each test). */
export async function stopStartedAfter(mark: number): Promise<void> {
  await Promise.all([...live].filter((tracked) => tracked.generation > mark).map((tracked) => tracked.started.stop()));
}

/** Stops whatever is registered, then every child still running (after each test file). */
export async function stopAll(): Promise<void> {
  await Promise.all([...stops].map((stop) => stop()));
  await Promise.all([...live].map((tracked) => tracked.started.stop()));
}

// A worker that exits (at the end of its files, or on an uncaught error) takes its children along.
process.once('exit', () => {
  for (const tracked of live) killTree(tracked.started.pid, 'SIGKILL');
});

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  { signal = 'SIGTERM', graceMs = GRACE_MS }: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // The tree as it is now: once the child is gone its own children are re-parented, out of reach.
  const tree = processTree(pid);
  signalPids([pid], signal);
  if (await settles(exited, graceMs)) {
    // Whatever it left behind (a build's workers) goes too.
    signalPids(
      tree.filter((other) => other !== pid),
      'SIGKILL',
    );
    return;
  }
  signalPids([...new Set([...tree, ...processTree(pid)])], 'SIGKILL');
  if (!(await settles(exited, graceMs))) console.warn(`pid ${pid} did not exit even after SIGKILL`);
}

/** SIGKILLs a process and everything below it, at once (synchronous: usable in an exit handler). */
export function killTree(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid > 0) signalPids(processTree(pid), signal);
}

function signalPids(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Whether a promise settles within `ms`. */
export async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `pid` and all its descendants, parents first, from /proc (Linux: Debian is the target). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pid];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** The direct children of a process, with their command lines. */
export function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  return processTree(pid)
    .slice(1)
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map((child) => {
      let command = '';
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        // exited meanwhile
      }
      return { pid: child, command };
    });
}
