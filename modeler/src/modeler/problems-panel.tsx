import type { LintReport } from './bpmn-modeler';

/** The lint problems of the diagram; choosing one selects its element and properties entry. */
export function ProblemsPanel({ problems, onReveal, collapsed, onToggle }: { problems: LintReport[]; onReveal: (r: LintReport) => void; collapsed: boolean; onToggle: () => void }) {
  const errors = problems.filter((p) => p.category === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section class={`problems ${collapsed ? 'collapsed' : ''}`} aria-label="Problems" data-testid="problems-panel">
      <button type="button" class="problems-head" aria-expanded={!collapsed} onClick={onToggle}>
        <span>Problems</span>
        <span class={`count ${errors ? 'count-error' : ''}`} data-testid="problem-errors">
          {errors} {errors === 1 ? 'error' : 'errors'}
        </span>
        <span class={`count ${warnings ? 'count-warning' : ''}`}>
          {warnings} {warnings === 1 ? 'warning' : 'warnings'}
        </span>
      </button>
      {collapsed ? null : problems.length === 0 ? (
        <p class="problems-empty">No problems found.</p>
      ) : (
        <ul class="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.id}-${p.rule}-${i}`}>
              <button type="button" class={`problem problem-${p.category}`} onClick={() => onReveal(p)}>
                <span class="problem-icon" role="img" aria-label={p.category === 'error' ? 'Error' : 'Warning'}>
                  {p.category === 'error' ? '×' : '!'}
                </span>
                <span class="problem-element">{p.id}</span>
                <span class="problem-message">{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
