import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../api';

/** The customer-impact summary of the entity on the current page. */
export function useCustomerImpactSummary() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const entityRef = stringifyEntityRef(entity);
  return useAsync(() => api.getEntitySummary(entityRef), [api, entityRef]);
}
