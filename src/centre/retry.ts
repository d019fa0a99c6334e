import type { ReactiveControllerHost } from 'lit';

/**
 * A section's "try again" after a load that failed (the voter list, the paper ballots' count, the results' count):
 * `active` while it runs, so the section keeps the error's place with its busy line meanwhile, then the focus goes to
 * what came, or back to the retry when it failed again.
 */
export class Retry {
  active = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  async run(load: () => Promise<unknown>, focus: () => string): Promise<void> {
    this.active = true;
    try {
      await load();
    } finally {
      this.active = false;
    }
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>(focus())?.focus();
  }
}
