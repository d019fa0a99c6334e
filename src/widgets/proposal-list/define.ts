import { defineElement } from '../../ui/define.js';
import { QalaProposalList } from './proposal-list.js';

defineElement('qala-proposal-list', QalaProposalList);

export { QalaProposalList };

declare global {
  interface HTMLElementTagNameMap {
    'qala-proposal-list': QalaProposalList;
  }
}
