/**
 * The pabulib `.pb` format (pabulib.org): parse and write.
 *
 * A file has three sections in this order, each a `;`-separated table with
 * CSV quoting (`"a;b"`, `""` for a quote inside quotes):
 *
 * - `META` (`key;value`), with `budget` and `vote_type` required;
 * - `PROJECTS` (`project_id;cost;…`), any further columns kept as they are;
 * - `VOTES` (`voter_id;vote;…`), `vote` a comma-separated list of project
 *   ids, `points` a parallel list for `cumulative` and `scoring` ballots;
 *   for `ordinal` ballots the order of `vote` is the ranking.
 *
 * Parsing follows pabutools' `parse_pabulib`: values are trimmed, `budget` and
 * `cost` are read as exact rationals with `,` read as `.`, empty entries of a
 * `vote` list are ignored, a byte-order mark and CRLF line ends are read as
 * nothing and LF. Real files are counted as they are: where the reading is
 * unambiguous, an oddity is collected as a {@link PabulibWarning} with its
 * line and the file is read the way pabutools reads it:
 * META `num_projects` / `num_votes` disagreeing with the rows, a META section
 * without its `key;value` header (pabutools then drops the first META entry;
 * we keep it), a project listed twice in one ballot (approval: counted once;
 * `cumulative` / `scoring`: the last entry's points count, as pabutools'
 * dict assignment does), a `choose-1` ballot with several projects, a
 * repeated voter id, rows ending in extra `;` separators (the empty trailing
 * fields are ignored; one warning per section), a budget or cost written with
 * a decimal comma (`40,00`, read as 40.00 — so `1,000` is 1, as in pabutools;
 * one warning for the budget, one for all costs), empty ballots (one warning
 * for all: each counts as a voter who supports nothing, which lowers MES's
 * per-voter budget B/n, as in pabutools). Anything that would make
 * counting wrong or guessed (an unknown or duplicate project id, a bad number,
 * a row with fields missing or extra non-empty fields, points that do not
 * match the votes, a project ranked twice in an ordinal ballot) is a
 * {@link PabulibError} with the line number.
 *
 * Pure module: no DOM, no Node API.
 */
import { Rational } from './rational.js';

export const PB_VOTE_TYPES = ['approval', 'choose-1', 'cumulative', 'scoring', 'ordinal'] as const;
export type PbVoteType = (typeof PB_VOTE_TYPES)[number];

/** One row of a section, column name → trimmed raw text. */
export type PbRow = Record<string, string>;

export interface PabulibWarning {
  line: number;
  code:
    | 'count_mismatch'
    | 'meta_header_missing'
    | 'duplicate_in_ballot'
    | 'choose1_several'
    | 'duplicate_voter'
    | 'duplicate_meta_key'
    | 'trailing_separator'
    | 'decimal_comma'
    | 'empty_ballot';
  message: string;
}

/** A malformed file: `line` is 1-based (0 when the problem is a missing section or key). */
export class PabulibError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(line > 0 ? `pabulib line ${line}: ${reason}` : `pabulib: ${reason}`);
    this.name = 'PabulibError';
    this.line = line;
    this.reason = reason;
  }
}

/** A ballot as a counting rule reads it. */
export interface PbBallot {
  voterId: string;
  /** Project ids in file order (for `ordinal`: best first), each once (a repeated id keeps its first place). */
  projects: string[];
  /** `cumulative` / `scoring`: points per entry of `projects` (for a repeated id, its last entry's). */
  points?: Rational[];
}

export interface ParsedPabulib {
  meta: Record<string, string>;
  projectColumns: string[];
  voteColumns: string[];
  /** Raw rows, every column kept. */
  projects: PbRow[];
  votes: PbRow[];
  /** Typed views of the same data. */
  budget: Rational;
  voteType: PbVoteType;
  /** Aligned with `projects`. */
  projectIds: string[];
  costs: Rational[];
  /** Aligned with `votes`. */
  ballots: PbBallot[];
  warnings: PabulibWarning[];
}

interface CsvRow {
  fields: string[];
  line: number;
}

/** Splits `;`-separated CSV into rows (quoted fields may span lines), with 1-based line numbers. */
function readRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    const contentEnd = lineEnd > i && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const raw = text.slice(i, contentEnd);
    let fields: string[];
    if (!raw.includes('"') && !raw.includes('\r')) {
      // fast path: no quoting on this line
      fields = raw.split(';');
      i = lineEnd + 1;
      line++;
    } else {
      fields = [];
      let field = '';
      let atFieldStart = true;
      let endOfRow = false;
      while (i < n && !endOfRow) {
        const ch = text[i]!;
        if (atFieldStart && ch === '"') {
          i++;
          let closed = false;
          while (i < n) {
            const c = text[i]!;
            if (c === '"') {
              if (text[i + 1] === '"') {
                field += '"';
                i += 2;
                continue;
              }
              i++;
              closed = true;
              break;
            }
            if (c === '\n') line++;
            field += c;
            i++;
          }
          if (!closed) throw new PabulibError(startLine, 'a quoted field is never closed');
          atFieldStart = false;
          continue;
        }
        if (ch === ';') {
          fields.push(field);
          field = '';
          atFieldStart = true;
          i++;
        } else if (ch === '\n' || ch === '\r') {
          if (ch === '\r' && text[i + 1] === '\n') i++;
          i++;
          line++;
          endOfRow = true;
        } else {
          field += ch;
          atFieldStart = false;
          i++;
        }
      }
      fields.push(field);
    }
    if (fields.some((f) => f.trim() !== '')) rows.push({ fields, line: startLine });
  }
  return rows;
}

const SECTIONS = ['meta', 'projects', 'votes'] as const;
type Section = (typeof SECTIONS)[number];

function sectionOf(row: CsvRow): Section | null {
  if (row.fields.slice(1).some((f) => f.trim() !== '')) return null;
  const name = row.fields[0]!.trim().toLowerCase();
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : null;
}

/**
 * Drops empty fields after the header's last column (`a;b;` read against a
 * two-column header), which some exporters write. Returns how many were dropped.
 */
function dropTrailingEmpty(fields: string[], columns: number): number {
  let dropped = 0;
  while (fields.length > columns && fields[fields.length - 1] === '') {
    fields.pop();
    dropped++;
  }
  return dropped;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Parses a `.pb` file. Throws {@link PabulibError} on malformed input; softer
 * problems are in `warnings`.
 */
export function parsePabulib(text: string): ParsedPabulib {
  const rows = readRows(text);
  const warnings: PabulibWarning[] = [];
  const meta: Record<string, string> = {};
  const metaLines: Record<string, number> = {};
  let projectColumns: string[] | null = null;
  let voteColumns: string[] | null = null;
  let projectHeaderLine = 0;
  let voteHeaderLine = 0;
  const projectRows: CsvRow[] = [];
  const voteRows: CsvRow[] = [];
  const seen = new Set<Section>();
  let section: Section | null = null;
  let expectHeader = false;
  /** Rows per section that ended in extra `;`: one warning each, naming the first line. */
  const trailing = new Map<Section, { first: number; count: number }>();
  const noteTrailing = (where: Section, line: number): void => {
    const t = trailing.get(where);
    if (t) t.count++;
    else trailing.set(where, { first: line, count: 1 });
  };

  for (const row of rows) {
    const next = sectionOf(row);
    if (next) {
      if (seen.has(next)) throw new PabulibError(row.line, `section ${next.toUpperCase()} appears twice`);
      const order = SECTIONS.indexOf(next);
      if (section && SECTIONS.indexOf(section) > order) {
        throw new PabulibError(row.line, `section ${next.toUpperCase()} must come before ${section.toUpperCase()}`);
      }
      seen.add(next);
      section = next;
      expectHeader = true;
      continue;
    }
    const fields = row.fields.map((f) => f.trim());
    if (!section) throw new PabulibError(row.line, 'data before the META section');
    if (expectHeader) {
      expectHeader = false;
      if (section === 'meta') {
        if (dropTrailingEmpty(fields, 2) > 0) noteTrailing('meta', row.line);
        if (fields.length === 2 && fields[0]!.toLowerCase() === 'key' && fields[1]!.toLowerCase() === 'value') continue;
        warnings.push({ line: row.line, code: 'meta_header_missing', message: 'META has no "key;value" header line; the first line is read as an entry' });
      } else {
        if (dropTrailingEmpty(fields, 1) > 0) noteTrailing(section, row.line);
        if (fields.some((f) => f === '')) throw new PabulibError(row.line, `empty column name in the ${section.toUpperCase()} header`);
        const dup = fields.find((f, i) => fields.indexOf(f) !== i);
        if (dup) throw new PabulibError(row.line, `column "${dup}" appears twice in the ${section.toUpperCase()} header`);
        if (section === 'projects') {
          projectColumns = fields;
          projectHeaderLine = row.line;
        } else {
          voteColumns = fields;
          voteHeaderLine = row.line;
        }
        continue;
      }
    }
    if (section === 'meta') {
      if (dropTrailingEmpty(fields, 2) > 0) noteTrailing('meta', row.line);
      if (fields.length !== 2) throw new PabulibError(row.line, `META lines are "key;value", found ${fields.length} field(s)`);
      const key = fields[0]!;
      if (key === '') throw new PabulibError(row.line, 'META key is empty');
      if (key in meta) warnings.push({ line: row.line, code: 'duplicate_meta_key', message: `META key "${key}" appears twice; the last value is kept` });
      meta[key] = fields[1]!;
      metaLines[key] = row.line;
    } else if (section === 'projects') {
      projectRows.push({ fields, line: row.line });
    } else {
      voteRows.push({ fields, line: row.line });
    }
  }

  if (!seen.has('meta')) throw new PabulibError(0, 'no META section');
  if (!seen.has('projects') || !projectColumns) throw new PabulibError(0, 'no PROJECTS section (or it has no header)');
  const pCols: string[] = projectColumns;
  const vCols: string[] = voteColumns ?? ['voter_id', 'vote'];
  if (seen.has('votes') && !voteColumns) throw new PabulibError(0, 'the VOTES section has no header');

  // META
  if (meta.budget === undefined) throw new PabulibError(0, 'META has no "budget"');
  const budget = parseMoney(meta.budget, metaLines.budget ?? 0, 'budget');
  if (meta.budget.includes(',')) {
    warnings.push({ line: metaLines.budget ?? 0, code: 'decimal_comma', message: `budget "${meta.budget}" has a comma, read as the decimal point: ${budget.toDecimalString()}` });
  }
  let voteType: PbVoteType;
  if (meta.vote_type === undefined) throw new PabulibError(0, 'META has no "vote_type"');
  if (!(PB_VOTE_TYPES as readonly string[]).includes(meta.vote_type)) {
    throw new PabulibError(metaLines.vote_type ?? 0, `unknown vote_type "${meta.vote_type}" (expected ${PB_VOTE_TYPES.join(', ')})`);
  }
  voteType = meta.vote_type as PbVoteType;

  // PROJECTS
  for (const col of ['project_id', 'cost']) {
    if (!pCols.includes(col)) throw new PabulibError(projectHeaderLine, `PROJECTS header has no "${col}" column`);
  }
  const projects: PbRow[] = [];
  const projectIds: string[] = [];
  const costs: Rational[] = [];
  const projectLine = new Map<string, number>();
  /** The first cost with a decimal comma: [line, how many, project index]. */
  const commaCosts: number[] = [];
  for (const row of projectRows) {
    if (dropTrailingEmpty(row.fields, pCols.length) > 0) noteTrailing('projects', row.line);
    if (row.fields.length !== pCols.length) {
      throw new PabulibError(row.line, `PROJECTS row has ${row.fields.length} field(s), the header has ${pCols.length}`);
    }
    const record: PbRow = {};
    pCols.forEach((c, i) => (record[c] = row.fields[i]!));
    const id = record.project_id!;
    if (id === '') throw new PabulibError(row.line, 'empty project_id');
    if (id.includes(',')) throw new PabulibError(row.line, `project_id "${id}" contains a comma`);
    const first = projectLine.get(id);
    if (first !== undefined) throw new PabulibError(row.line, `duplicate project_id "${id}" (first on line ${first})`);
    projectLine.set(id, row.line);
    projects.push(record);
    projectIds.push(id);
    costs.push(parseMoney(record.cost!, row.line, `cost of project "${id}"`));
    if (record.cost!.includes(',')) {
      if (commaCosts.length === 0) commaCosts.push(row.line, 0);
      commaCosts[1]!++;
      if (commaCosts.length === 2) commaCosts.push(costs.length - 1);
    }
  }
  if (commaCosts.length > 0) {
    const [line, count, at] = commaCosts as [number, number, number];
    const more = count > 1 ? ` (and ${count - 1} more cost(s))` : '';
    warnings.push({
      line,
      code: 'decimal_comma',
      message: `the cost "${projects[at]!.cost}" of project "${projectIds[at]}" has a comma, read as the decimal point: ${costs[at]!.toDecimalString()}${more}`,
    });
  }

  // VOTES
  if (seen.has('votes')) {
    for (const col of ['voter_id', 'vote']) {
      if (!vCols.includes(col)) throw new PabulibError(voteHeaderLine, `VOTES header has no "${col}" column`);
    }
    if ((voteType === 'cumulative' || voteType === 'scoring') && !vCols.includes('points')) {
      throw new PabulibError(voteHeaderLine, `vote_type ${voteType} needs a "points" column`);
    }
  }
  const votes: PbRow[] = [];
  const ballots: PbBallot[] = [];
  const voterLine = new Map<string, number>();
  const withPoints = voteType === 'cumulative' || voteType === 'scoring';
  const voteIdx = vCols.indexOf('vote');
  const voterIdx = vCols.indexOf('voter_id');
  const pointsIdx = vCols.indexOf('points');
  const empty = { first: 0, count: 0 };
  for (const row of voteRows) {
    if (dropTrailingEmpty(row.fields, vCols.length) > 0) noteTrailing('votes', row.line);
    if (row.fields.length !== vCols.length) {
      throw new PabulibError(row.line, `VOTES row has ${row.fields.length} field(s), the header has ${vCols.length}`);
    }
    const record: PbRow = {};
    vCols.forEach((c, i) => (record[c] = row.fields[i]!));
    votes.push(record);
    const voterId = row.fields[voterIdx]!;
    const firstVoter = voterLine.get(voterId);
    if (firstVoter !== undefined) {
      warnings.push({ line: row.line, code: 'duplicate_voter', message: `voter_id "${voterId}" already used on line ${firstVoter}` });
    } else voterLine.set(voterId, row.line);
    const ids = splitList(row.fields[voteIdx]!);
    for (const id of ids) {
      if (!projectLine.has(id)) throw new PabulibError(row.line, `vote for unknown project "${id}"`);
    }
    const ballot: PbBallot = { voterId, projects: ids };
    if (withPoints) {
      const raw = splitList(row.fields[pointsIdx]!);
      if (raw.length !== ids.length) {
        throw new PabulibError(row.line, `${ids.length} project(s) in "vote" but ${raw.length} value(s) in "points"`);
      }
      const points = raw.map((p) => {
        const r = Rational.tryParse(p);
        if (!r || r.sign() < 0) throw new PabulibError(row.line, `points "${p}" is not a non-negative number`);
        return r;
      });
      if (new Set(ids).size !== ids.length) {
        // pabutools fills a dict: a repeated project keeps its first place and its last points
        const last = new Map<string, Rational>();
        ids.forEach((id, i) => last.set(id, points[i]!));
        const repeated = [...last.keys()].filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id));
        ballot.projects = [...last.keys()];
        ballot.points = ballot.projects.map((id) => last.get(id)!);
        warnings.push({
          line: row.line,
          code: 'duplicate_in_ballot',
          message: `${repeated.map((id) => `"${id}"`).join(', ')} listed more than once in one ballot; the last entry's points count`,
        });
      } else ballot.points = points;
    } else if (new Set(ids).size !== ids.length) {
      if (voteType === 'ordinal') throw new PabulibError(row.line, 'the same project is ranked twice');
      const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
      warnings.push({ line: row.line, code: 'duplicate_in_ballot', message: `${repeated.map((id) => `"${id}"`).join(', ')} listed more than once in one ballot; counted once` });
      ballot.projects = [...new Set(ids)];
    }
    if (ballot.projects.length === 0) {
      empty.count++;
      if (empty.first === 0) empty.first = row.line;
    }
    if (voteType === 'choose-1' && ballot.projects.length > 1) {
      warnings.push({ line: row.line, code: 'choose1_several', message: `choose-1 ballot with ${ballot.projects.length} projects` });
    }
    ballots.push(ballot);
  }

  for (const [where, t] of trailing) {
    const more = t.count > 1 ? ` (and ${t.count - 1} more line(s) of ${where.toUpperCase()})` : '';
    warnings.push({ line: t.first, code: 'trailing_separator', message: `the line ends in extra ";" separators${more}; the empty fields are ignored` });
  }
  if (empty.count > 0) {
    const what = empty.count > 1 ? `${empty.count} empty ballots (the first on this line)` : 'an empty ballot';
    warnings.push({ line: empty.first, code: 'empty_ballot', message: `${what}: counted as voter(s) who support nothing (MES's per-voter budget is B/n over every voter)` });
  }
  checkCount(meta, metaLines, 'num_projects', projects.length, warnings);
  checkCount(meta, metaLines, 'num_votes', votes.length, warnings);
  warnings.sort((a, b) => a.line - b.line);

  return { meta, projectColumns: pCols, voteColumns: vCols, projects, votes, budget, voteType, projectIds, costs, ballots, warnings };
}

function parseMoney(text: string, line: number, what: string): Rational {
  const r = Rational.tryParse(text);
  if (!r) throw new PabulibError(line, `${what} "${text}" is not a number`);
  if (r.sign() < 0) throw new PabulibError(line, `${what} "${text}" is negative`);
  return r;
}

function checkCount(meta: Record<string, string>, lines: Record<string, number>, key: string, actual: number, warnings: PabulibWarning[]): void {
  const declared = meta[key];
  if (declared === undefined) return;
  if (String(actual) !== declared.trim()) {
    warnings.push({ line: lines[key] ?? 0, code: 'count_mismatch', message: `META ${key} is ${declared} but the file has ${actual}` });
  }
}

// ---------------------------------------------------------------- writing

type Cell = string | number | bigint | boolean | Rational | null | undefined | readonly (string | number | Rational)[];

export interface PabulibInput {
  /** Written in the given order; `num_projects` / `num_votes` are added when missing. `budget` and `vote_type` are required. */
  meta: Record<string, string | number | Rational>;
  /** Each needs `project_id` and `cost`. */
  projects: readonly Record<string, Cell>[];
  /** Each needs `voter_id` and `vote` (a list, or a comma-separated string). Voter ids must be anonymous: never an IIN. */
  votes: readonly Record<string, Cell>[];
  /** Column order; defaults to `project_id`, `cost`, then other keys in first-seen order. */
  projectColumns?: readonly string[];
  /** Column order; defaults to `voter_id`, `vote`, then `points`, then other keys in first-seen order. */
  voteColumns?: readonly string[];
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((v) => {
        const s = v instanceof Rational ? v.toDecimalString() : String(v);
        if (s.includes(',')) throw new PabulibError(0, `a list entry contains a comma: "${s}"`);
        return s;
      })
      .join(',');
  }
  if (value instanceof Rational) return value.toDecimalString();
  return String(value);
}

function quote(text: string): string {
  if (/[;"\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

function columnsOf(rows: readonly Record<string, Cell>[], first: string[]): string[] {
  const cols = [...first];
  const set = new Set(cols);
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!set.has(key) && row[key] !== undefined) {
        set.add(key);
        cols.push(key);
      }
    }
  }
  return cols;
}

/**
 * Writes a `.pb` file (LF line endings, minimal CSV quoting). The inverse of
 * {@link parsePabulib}: `parsePabulib(writePabulib(parsePabulib(x)))` holds
 * the same meta, rows and ballots as `parsePabulib(x)`. The server's cycle
 * export calls this with rows it built itself.
 */
export function writePabulib(input: PabulibInput): string {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.meta)) meta[k] = cellText(v);
  if (meta.budget === undefined) throw new PabulibError(0, 'META needs "budget"');
  if (meta.vote_type === undefined) throw new PabulibError(0, 'META needs "vote_type"');
  if (meta.num_projects === undefined) meta.num_projects = String(input.projects.length);
  if (meta.num_votes === undefined) meta.num_votes = String(input.votes.length);

  const hasPoints = input.votes.some((v) => v.points !== undefined);
  const pCols = input.projectColumns ? [...input.projectColumns] : columnsOf(input.projects, ['project_id', 'cost']);
  const vCols = input.voteColumns ? [...input.voteColumns] : columnsOf(input.votes, hasPoints ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote']);
  for (const c of ['project_id', 'cost']) if (!pCols.includes(c)) throw new PabulibError(0, `projects need a "${c}" column`);
  for (const c of ['voter_id', 'vote']) if (!vCols.includes(c)) throw new PabulibError(0, `votes need a "${c}" column`);

  const ids = new Set<string>();
  for (const p of input.projects) {
    const id = cellText(p.project_id);
    if (id === '') throw new PabulibError(0, 'a project has no project_id');
    if (ids.has(id)) throw new PabulibError(0, `duplicate project_id "${id}"`);
    ids.add(id);
  }

  const out: string[] = ['META', 'key;value'];
  for (const [k, v] of Object.entries(meta)) out.push(`${quote(k)};${quote(v)}`);
  out.push('PROJECTS', pCols.map(quote).join(';'));
  for (const p of input.projects) out.push(pCols.map((c) => quote(cellText(p[c]))).join(';'));
  out.push('VOTES', vCols.map(quote).join(';'));
  for (const v of input.votes) out.push(vCols.map((c) => quote(cellText(v[c]))).join(';'));
  return `${out.join('\n')}\n`;
}
