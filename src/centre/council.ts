import type { AssessmentCriterion, Assignment, StaffMember } from '../contract/index.js';
import { toCentreError, type CentreApi, type CentreError } from './api.js';

export type CouncilState =
  | { status: 'loading' }
  /** The server has no staff API (an older reference server, or another backend): the council's parts are not shown. */
  | { status: 'absent' }
  /** `stale`: the last refresh failed; what is shown is the last data that loaded. */
  | { status: 'ready'; criteria: AssessmentCriterion[]; assignments: Assignment[]; staff: StaffMember[]; stale?: CentreError }
  | { status: 'error'; error: CentreError };

/**
 * The expert council's data for a city: the criteria, the assignments (all of
 * them for a coordinator, one's own for an expert) and, for coordinators, the
 * people. Shared by the sections through the context. A failed reload keeps
 * what loaded before (marked `stale`); only data that never loaded is an error.
 */
export class CouncilData {
  state: CouncilState = { status: 'loading' };
  private generation = 0;
  private last?: { api: CentreApi; city: string; coordinator: boolean };

  constructor(private readonly changed: () => void) {}

  get ready(): Extract<CouncilState, { status: 'ready' }> | undefined {
    return this.state.status === 'ready' ? this.state : undefined;
  }

  assignmentsOf(proposalId: string): Assignment[] {
    return this.ready?.assignments.filter((a) => a.proposalId === proposalId) ?? [];
  }

  /** Why the council's data is not the server's: it never loaded (`error`) or its last refresh failed (`stale`). */
  get problem(): CentreError | undefined {
    return this.state.status === 'error' ? this.state.error : this.state.status === 'ready' ? this.state.stale : undefined;
  }

  experts(): StaffMember[] {
    return this.ready?.staff.filter((s) => s.role === 'expert' && s.status === 'active') ?? [];
  }

  reset(): void {
    this.generation++;
    this.last = undefined;
    this.state = { status: 'loading' };
  }

  /** Loads again what the last `load` asked for (a retry). */
  async retry(): Promise<void> {
    if (this.last) await this.load(this.last.api, this.last.city, this.last.coordinator);
  }

  async load(api: CentreApi, city: string, coordinator: boolean): Promise<void> {
    const generation = ++this.generation;
    this.last = { api, city, coordinator };
    try {
      const [criteria, assignments, staff] = await Promise.all([
        api.criteria(city),
        api.assignments(city),
        coordinator ? api.staff(city) : Promise.resolve({ items: [] as StaffMember[] }),
      ]);
      if (generation !== this.generation) return;
      this.state = { status: 'ready', criteria: criteria.criteria, assignments: assignments.items, staff: staff.items };
    } catch (error) {
      if (generation !== this.generation) return;
      const e = toCentreError(error);
      if (this.state.status === 'ready') {
        const { criteria, assignments, staff } = this.state;
        this.state = { status: 'ready', criteria, assignments, staff, stale: e };
      } else this.state = e.code === 'not_found' && e.status === 404 ? { status: 'absent' } : { status: 'error', error: e };
    }
    this.changed();
  }
}
