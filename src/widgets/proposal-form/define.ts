import { defineElement } from '../../ui/define.js';
import { QalaProposalForm } from './proposal-form.js';

defineElement('qala-proposal-form', QalaProposalForm);

export { QalaProposalForm };

declare global {
  interface HTMLElementTagNameMap {
    'qala-proposal-form': QalaProposalForm;
  }
}
