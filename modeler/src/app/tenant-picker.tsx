import { useEffect, useState } from 'preact/hooks';
import { chooseTenant, onTenantChange, tenantState, type TenantState } from '../api/tenant';

/** The user's tenants and the choice, re-rendering when either changes. */
export function useTenantState(): TenantState {
  const [state, setState] = useState(tenantState());
  useEffect(() => {
    setState(tenantState());
    return onTenantChange(setState);
  }, []);
  return state;
}

/**
 * The header's tenant picker: shown only to a user of several tenants (multi-tenancy on). The
 * modeler deploys and saves drafts in the chosen tenant and lists its processes.
 */
export function TenantPicker() {
  const { tenants, chosen } = useTenantState();
  if (tenants.length < 2 || !chosen) return null;
  return (
    <label class="tenant-picker">
      <span>Tenant</span>
      <select class="input input-small" value={chosen} onChange={(e) => chooseTenant(e.currentTarget.value)} data-testid="tenant-picker">
        {tenants.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
}
