/**
 * The results' downloads as text: the CSV table of a cycle's results and the pabulib file of one of its pools. The
 * server's (`services/results.ts`, which reads the ballots and orders the voters) and the public mock's, so the same
 * results give the same bytes.
 */
import type { BallotPick, City, Cycle, PoolResult, Results } from '../contract/index.js';
import { formatInstant } from './city-time.js';
import { writePabulib } from './pabulib.js';
import { projectCost, voteKind, type CountedProject } from './results-count.js';

/** The CSV table of the results, UTF-8 with a byte order mark: spreadsheet programs read Cyrillic titles right only with it. */
export function resultsCsv(results: Pick<Results, 'pools'>): string {
  const rows = [['pool', 'project_id', 'title', 'cost', 'votes', 'funded', 'council_decision']];
  for (const pool of results.pools) {
    for (const p of pool.projects) rows.push([pool.poolId, p.projectId, p.title, String(p.cost), String(p.votes), p.funded ? '1' : '0', p.decision ? (p.decision.funded ? 'funded' : 'not_funded') : '']);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** What the pabulib file of one pool is written from. */
export interface PoolExport {
  city: Pick<City, 'name' | 'timeZone'>;
  cycle: Cycle;
  /** One of the cycle's pools. */
  pool: Cycle['pools'][number];
  /** The pool's projects on the ballot. */
  projects: readonly (CountedProject & { category: string; district?: string | undefined })[];
  /** The pool's result (which projects the count funded, and their votes). */
  result: PoolResult;
  /** Each ballot's picks in the pool (none empty), in the order their voters are numbered: anonymous, unlinkable. */
  ballots: readonly (readonly BallotPick[])[];
}

/** The pabulib file of one pool of the cycle, its voters numbered 1, 2, … in the order given. */
export function poolPabulib({ city, cycle, pool, projects, result, ballots }: PoolExport): string {
  const selected = new Set(result.projects.filter((p) => p.funded).map((p) => p.projectId));
  const votesById = new Map(result.projects.map((p) => [p.projectId, p.votes]));
  const kind = voteKind(cycle.ballot);
  const day = (iso: string) => {
    const local = formatInstant(new Date(iso), city.timeZone);
    return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)}`;
  };
  const meta: Record<string, string | number> = {
    description: `${city.name.en}: ${cycle.title.en}${cycle.pools.length > 1 ? ` (${pool.name.en})` : ''}`,
    country: 'Kazakhstan',
    unit: city.name.en,
    instance: cycle.id,
    ...(cycle.pools.length > 1 ? { subunit: pool.name.en } : {}),
    num_projects: projects.length,
    num_votes: ballots.length,
    budget: pool.budget,
    vote_type: kind,
    rule: cycle.counting.rule,
    date_begin: day(cycle.phases.voting.start),
    date_end: day(cycle.phases.voting.end),
    currency: 'KZT',
  };
  const rule = cycle.ballot;
  if (rule.kind === 'approval') Object.assign(meta, { min_length: rule.min, max_length: rule.max });
  if (rule.kind === 'single') Object.assign(meta, { min_length: 1, max_length: 1 });
  if (rule.kind === 'ranked') Object.assign(meta, { max_length: rule.maxRanks });
  if (rule.kind === 'knapsack') Object.assign(meta, { max_sum_cost: rule.limit !== undefined ? Math.min(rule.limit, pool.budget) : pool.budget });
  if (rule.kind === 'cumulative') Object.assign(meta, { max_sum_points: rule.points, max_points: rule.maxPerProject });
  return writePabulib({
    meta,
    projects: projects.map((p) => ({
      project_id: p.id,
      cost: projectCost(p),
      votes: votesById.get(p.id) ?? 0,
      name: pbText(p.title),
      category: p.category,
      ...(p.district ? { district: p.district } : {}),
      selected: selected.has(p.id) ? 1 : 0,
    })),
    votes: ballots.map((picks, i) => ({
      voter_id: String(i + 1),
      vote: picks.map((p) => p.projectId),
      ...(kind === 'cumulative' ? { points: picks.map((p) => p.points ?? 0) } : {}),
    })),
  });
}

/** Titles in a `.pb`: one line, no list separator surprises. */
function pbText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** CSV cell, quoted, with spreadsheet formula injection defused. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
