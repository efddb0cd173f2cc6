import type { Variable } from '@osprey/contracts';
import { Empty } from './ui';

/** An instance's variables: name, value (JSON), and the scope that holds it. */
export function VariablesTable({ variables, rootScopeKey, onEdit }: { variables: Variable[]; rootScopeKey?: string; onEdit?: (v: Variable) => void }) {
  if (variables.length === 0) return <Empty>No variables.</Empty>;
  const sorted = [...variables].sort((a, b) => a.name.localeCompare(b.name) || a.scopeKey.localeCompare(b.scopeKey));
  return (
    <table class="table variables-table" data-testid="variables-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Value</th>
          {rootScopeKey ? <th>Scope</th> : null}
          {onEdit ? <th aria-label="Actions" /> : null}
        </tr>
      </thead>
      <tbody>
        {sorted.map((v) => (
          <tr key={v.variableKey}>
            <td class="var-name">{v.name}</td>
            <td class="var-value">
              <code>{v.value}</code>
            </td>
            {rootScopeKey ? <td class="var-scope">{v.scopeKey === rootScopeKey ? 'instance' : v.scopeKey}</td> : null}
            {onEdit ? (
              <td class="var-actions">
                <button type="button" class="btn btn-ghost btn-small" onClick={() => onEdit(v)} aria-label={`Edit ${v.name}`}>
                  Edit
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
