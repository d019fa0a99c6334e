import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StaffSession } from '../contract/index.js';
import { CentreApi, toCentreError, type CentreError } from './api.js';

/** What the person signed in may do: a coordinator runs the review; an expert assesses what is assigned to them. */
export type StaffRole = 'coordinator' | 'expert';

export interface Signed {
  api: CentreApi;
  /** Who is signed in, as the server names them. */
  id: string;
  name: string;
  /** City slugs the credential is for (`*`: every city). */
  cities: string[];
  role: StaffRole;
  /** A bootstrap admin token (from the config file) rather than a person's own session. */
  bootstrap: boolean;
  organisation?: string | null;
  /** When a person's session ends at the latest. */
  sessionExpiresAt?: string | null;
  /** Minutes without a request after which the server ends the session (none for a token). */
  idleMinutes?: number | null;
}

/** Whether two sign-ins are the same person for the same cities (their unsaved work may be shown to them again). */
export function samePerson(a: Signed, b: Signed): boolean {
  return a.id === b.id && a.role === b.role && a.cities.join('\n') === b.cities.join('\n');
}

export type SessionState =
  | { status: 'signed-out'; error?: CentreError }
  | { status: 'signing-in' }
  | { status: 'signed-in'; signed: Signed };

/**
 * Who is signed in. The credential (an admin token or a staff session token)
 * lives in memory only: closing or reloading the page signs out.
 */
export class SessionController implements ReactiveController {
  state: SessionState = { status: 'signed-out' };
  /**
   * Who was signed in when the server refused the credential (idle too long, ended, revoked): the page keeps
   * their work on screen, under a sign-in, until someone signs in (`settle`) or signs out.
   */
  lapsed: Signed | undefined = undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly base: () => string,
    private readonly fetcher?: typeof fetch,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get signed(): Signed | undefined {
    return this.state.status === 'signed-in' ? this.state.signed : undefined;
  }

  /** The person whose work is on screen: the one signed in, else the one whose sign-in lapsed. */
  get current(): Signed | undefined {
    return this.signed ?? this.lapsed;
  }

  /** Someone signed in after a lapse: whether it is the same person (their work stays), and forgets the lapse. */
  settle(): 'same' | 'other' | null {
    const before = this.lapsed;
    const now = this.signed;
    if (!before || !now) return null;
    this.lapsed = undefined;
    return samePerson(before, now) ? 'same' : 'other';
  }

  /** Signs in with a bootstrap admin token (whoami says whose it is); resolves to the refusal, if any. */
  async signInWithToken(token: string): Promise<CentreError | undefined> {
    this.state = { status: 'signing-in' };
    this.host.requestUpdate();
    const api = new CentreApi(this.base(), token, this.fetcher);
    try {
      const me = await api.whoami();
      this.state = { status: 'signed-in', signed: { api, id: me.id, name: me.name, cities: me.cities, role: 'coordinator', bootstrap: true } };
      return undefined;
    } catch (error) {
      const e = toCentreError(error);
      this.state = { status: 'signed-out' };
      return e;
    } finally {
      this.host.requestUpdate();
    }
  }

  /** A person's session, from confirming their one-time code. */
  signInWithSession(session: StaffSession): void {
    const me = session.me;
    const api = new CentreApi(this.base(), session.token, this.fetcher);
    this.state = {
      status: 'signed-in',
      signed: { api, id: me.actor, name: me.name, cities: [me.city], role: me.role, bootstrap: me.kind === 'token', organisation: me.organisation, sessionExpiresAt: me.sessionExpiresAt, idleMinutes: me.idleMinutes },
    };
    this.host.requestUpdate();
  }

  /** Ends a person's session on the server too (a token has none to end); forgets the credential either way. */
  signOut(): void {
    const signed = this.signed;
    if (signed && !signed.bootstrap) void signed.api.signOut().catch(() => undefined);
    this.state = { status: 'signed-out' };
    this.lapsed = undefined;
    this.host.requestUpdate();
  }

  /** The server refused the credential (revoked, expired): a sign-in with the reason, over the work of who was signed in. */
  expired(error: CentreError): void {
    // A request sent with a credential replaced since (the person signed in again meanwhile) says nothing about the new one.
    if (error.refused && error.refused !== this.signed?.api) return;
    if (this.signed) this.lapsed = this.signed;
    this.state = { status: 'signed-out', error };
    this.host.requestUpdate();
  }
}
