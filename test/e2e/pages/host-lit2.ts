// The host's own component, built with Lit 2 — a different Lit already on the page.
import { LitElement, html } from 'lit-2';

class HostBanner extends LitElement {
  override render() {
    return html`<p>host banner (Lit 2)</p>`;
  }
}
customElements.define('host-banner', HostBanner);
