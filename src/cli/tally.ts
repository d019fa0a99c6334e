/**
 * `qala tally FILE.pb --rule RULE [--tie-break lexico|cost-then-votes] [--explain]`
 *
 * Counts a pabulib file and prints one JSON object on stdout:
 * `{ "rule", "budget", "selected": [ids in the order chosen], "cost" }`, plus
 * `"explanations"` (one per project) with `--explain`; for the Add1 rules
 * `--explain` also gives `"add1": { "runs", "voterBudget" }`, the number of MES
 * runs and the exact per-voter budget of the run returned, so that an auditor
 * can rerun MES with that budget in another tool. `budget` and `cost` are
 * exact (a decimal, or `p/q`). Warnings about oddities of the file (with their
 * line) go to stderr and do not change the exit code; errors go to stderr with
 * a non-zero exit code (2: bad usage, 1: the file cannot be read or counted).
 */
import { readFile } from 'node:fs/promises';
import { COUNTING_RULES, TieBreak, type CountingRuleName } from '../contract/index.js';
import { profileFromPabulib, tallyProfile } from '../domain/counting/index.js';
import { PabulibError, parsePabulib } from '../domain/pabulib.js';

const USAGE = `usage: qala tally FILE.pb --rule <${COUNTING_RULES.join('|')}> [--tie-break lexico|cost-then-votes] [--explain]\n`;

export async function tally(args: string[]): Promise<number> {
  let file: string | undefined;
  let rule: string | undefined;
  let tieBreak = 'lexico';
  let explain = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--rule') rule = value();
    else if (flag === '--tie-break') tieBreak = value() ?? '';
    else if (flag === '--explain') explain = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg.startsWith('-')) return usage(`unknown option "${arg}"`);
    else if (file === undefined) file = arg;
    else return usage(`unexpected argument "${arg}"`);
  }
  if (!file) return usage('no .pb file given');
  if (!rule) return usage('no --rule given');
  if (!(COUNTING_RULES as readonly string[]).includes(rule)) return usage(`unknown rule "${rule}"`);
  const tb = TieBreak.safeParse(tieBreak);
  if (!tb.success) return usage(`unknown tie-break "${tieBreak}"`);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    process.stderr.write(`qala tally: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const pb = parsePabulib(text);
    for (const w of pb.warnings) process.stderr.write(`qala tally: warning: line ${w.line}: ${w.message}\n`);
    const result = tallyProfile(profileFromPabulib(pb), { rule: rule as CountingRuleName, tieBreak: tb.data });
    const out: Record<string, unknown> = { rule: result.rule, budget: result.budget, selected: result.selected, cost: result.cost };
    if (explain) {
      out.explanations = result.explanations;
      if (result.add1) out.add1 = result.add1;
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (e) {
    const message = e instanceof PabulibError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
    process.stderr.write(`qala tally: ${file}: ${message}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`qala tally: ${problem}\n${USAGE}`);
  return 2;
}
