// A host component (as a framework would render one) that puts a Qala widget inside its own shadow root,
// where the loader's watch on the document cannot see it.
customElements.define(
  'host-panel',
  class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.append(document.createElement('qala-results'));
    }
  },
);
