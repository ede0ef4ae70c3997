import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts a long-running child (here: the DynamoDB Local JVM) so that it cannot outlive us.
 *
 * Exit handlers cover normal exit, SIGINT and SIGTERM; they cannot run on SIGKILL or a crash of
 * the runtime. For those, the command runs under a tiny `sh` watchdog that reads our end of a
 * pipe: when this process dies for any reason the kernel closes the pipe, `read` returns and the
 * watchdog kills the child.
 */
const WATCHDOG = [
  // Keep our pipe on fd 3: sh gives background jobs /dev/null as stdin.
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  'echo "local-aws-child-pid=$child" >&2',
  'trap \'kill "$child" 2>/dev/null\' TERM INT HUP',
  '{ read -r _ignored <&3; kill "$child" 2>/dev/null; } &',
  'exec 3<&-',
  'wait "$child"; status=$?',
  'wait "$child" 2>/dev/null',
  'exit "$status"',
].join('\n');

export interface GuardedProcess {
  readonly child: ChildProcess;
  /** Process id of the command itself (not of its watchdog), once known. */
  pid(): number | undefined;
  /** Output of the child so far (stdout and stderr), for error messages. */
  output(): string;
  /** Resolves with the exit code once the child is gone. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<GuardedProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const guarded of running) guarded.child.kill('SIGTERM');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      killAll();
      // We replaced the default handler; restore the default outcome when nobody else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

export function spawnGuarded(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): GuardedProcess {
  installExitHooks();
  const child = spawn('sh', ['-c', WATCHDOG, 'local-aws-watchdog', command, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let pidLine: string | undefined;
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
    pidLine ??= /local-aws-child-pid=\d+/.exec(output)?.[0];
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const guarded: GuardedProcess = {
    child,
    pid: () => {
      const match = /(\d+)$/.exec(pidLine ?? '');
      return match ? Number(match[1]) : undefined;
    },
    output: () => output,
    exited,
    async stop() {
      child.stdin?.end();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      running.delete(guarded);
    },
  };
  running.add(guarded);
  void exited.then(() => running.delete(guarded));
  return guarded;
}
