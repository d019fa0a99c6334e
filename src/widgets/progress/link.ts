/**
 * The address of a funded project's page on the host's page with
 * `<qala-progress>` (`progress-page`): that page without its own fragment,
 * and `#project=<id>`, which the widget reads (`projectFromHash`). Shared by
 * `<qala-results>` and `<qala-proposal-list>`; imports nothing, so neither
 * carries the progress widget.
 */
export function projectLink(progressPage: string, projectId: string): string {
  return `${progressPage.replace(/#.*$/, '')}#project=${encodeURIComponent(projectId)}`;
}
