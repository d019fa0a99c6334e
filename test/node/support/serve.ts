// The real `qala serve` process, as an operator starts it, for tests that need processes of their own.
import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../../bin/qala.mjs', import.meta.url).pathname;

export interface Served {
  child: ChildProcess;
  base: string;
  /** One-time codes from the log (the console SMS provider), by challenge. */
  codes: Map<string, string>;
  exited: Promise<unknown>;
}

/**
 * `qala serve` on `db` (a SQLite file or a postgres:// URL) and a free port; resolves once it serves.
 * Pass `codes` to collect the codes of several instances in one map.
 */
export async function spawnServe(configPath: string, db: string, secret: string, options: { env?: Record<string, string>; codes?: Map<string, string> } = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', configPath, '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, QALA_SECRET: secret, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const codes = options.codes ?? new Map<string, string>();
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'sms.code') codes.set(entry.challengeId, entry.code);
      } catch {
        // not a log line
      }
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${err}`));
      // An exit the test did not cause (it kills with SIGKILL or stops with SIGTERM) is worth reading.
      if (code !== 0 && signal !== 'SIGKILL' && signal !== 'SIGTERM') process.stderr.write(`qala serve exited (${code ?? signal}): ${err.slice(-2000)}\n`);
    });
  });
  return { child, base, codes, exited };
}
