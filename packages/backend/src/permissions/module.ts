import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CustomerImpactDemoPolicy } from './policy';

/**
 * Installs {@link CustomerImpactDemoPolicy} in the permission backend, in
 * place of `@backstage/plugin-permission-backend-module-allow-all-policy`.
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'customer-impact-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new CustomerImpactDemoPolicy());
      },
    });
  },
});
