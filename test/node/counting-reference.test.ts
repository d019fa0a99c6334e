/**
 * Every rule against pabutools 1.2.3 on every real election in
 * test/fixtures/pabulib (expected.json): the same selected set, the same
 * total cost, and for the Add1 rules the same number of MES runs and the same
 * per-voter budget of the returned run. Where pabutools recorded that the
 * outcome depends on tie-breaking, the reversed-order outcome is checked too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CountingRuleName } from '../../src/contract/index.js';
import { profileFromPabulib, tallyProfile, type Profile } from '../../src/domain/counting/index.js';
import { parsePabulib } from '../../src/domain/pabulib.js';
import { Rational } from '../../src/domain/rational.js';

const DIR = new URL('../fixtures/pabulib/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as {
  instances: Record<string, { vote_type: string; budget_exact: string; num_voters: number; rules: Record<string, RuleRef> }>;
};
interface RuleRef {
  status: string;
  selected?: string[];
  order?: string[];
  total_cost?: string;
  tie_sensitive?: boolean | null;
  selected_reverse_lexico_tiebreak?: string[];
  add1_num_mes_runs?: number;
  add1_returned_voter_budget?: string;
}

const RULES: Record<string, CountingRuleName> = {
  greedy_cost: 'greedy',
  greedy_points: 'greedy',
  greedy_card: 'greedy-card',
  mes_cost: 'mes',
  mes_points: 'mes',
  mes_card: 'mes-card',
  mes_cost_add1: 'mes-add1',
  mes_cost_add1_greedy: 'mes-add1-greedy',
  phragmen: 'phragmen',
};

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The same profile with project ids renamed so that string order is reversed: pabutools' reverse-lexico run. */
function reversedIds(profile: Profile): Profile {
  const sorted = [...profile.ids].sort(byString);
  const rename = new Map(sorted.map((id, i) => [id, String(sorted.length - i).padStart(6, '0')]));
  return { ...profile, ids: profile.ids.map((id) => rename.get(id)!) };
}

for (const [file, instance] of Object.entries(expected.instances)) {
  describe(file, () => {
    const pb = parsePabulib(readFileSync(new URL(file, DIR), 'utf8'));
    const profile = profileFromPabulib(pb);

    it('parses to what pabutools read', () => {
      assert.equal(pb.voteType, instance.vote_type);
      assert.equal(pb.budget.toString(), Rational.parse(instance.budget_exact).toString());
      assert.equal(profile.voters, instance.num_voters);
    });

    for (const [key, ref] of Object.entries(instance.rules)) {
      const rule = RULES[key];
      if (!rule || ref.status !== 'ok') continue;
      it(`${key} → ${rule}`, () => {
        const result = tallyProfile(profile, { rule });
        assert.deepEqual([...result.selected].sort(byString), ref.selected);
        assert.equal(Rational.parse(result.cost).toString(), Rational.parse(ref.total_cost!).toString());
        if (rule !== 'phragmen') {
          // pabutools records Phragmén's outcome sorted, not in order of selection
          assert.deepEqual(result.selected, ref.order);
        }
        if (ref.add1_num_mes_runs !== undefined) {
          assert.equal(result.add1?.runs, ref.add1_num_mes_runs);
          assert.equal(result.add1?.voterBudget, Rational.parse(ref.add1_returned_voter_budget!).toString());
        }
        for (const id of profile.ids) assert.ok(result.explanations[id], `explanation for ${id}`);
        if (ref.tie_sensitive && ref.selected_reverse_lexico_tiebreak) {
          const reversed = reversedIds(profile);
          const back = new Map(reversed.ids.map((id, i) => [id, profile.ids[i]!]));
          const other = tallyProfile(reversed, { rule });
          assert.deepEqual(other.selected.map((id) => back.get(id)!).sort(byString), ref.selected_reverse_lexico_tiebreak);
        }
      });
    }
  });
}
