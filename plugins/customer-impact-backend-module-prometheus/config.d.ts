import { HumanDuration } from '@backstage/types';

export interface Config {
  customerImpact?: {
    prometheus?: {
      /**
       * How long one `query_range` request may take before the pull gives up
       * on it (the pull records the timeout, the SLO card shows its last good
       * data as stale, and the next pull tries again). Default 30 seconds.
       */
      requestTimeout?: HumanDuration;
      /**
       * The Prometheus servers the Customer Impact backend may query. A
       * Prometheus DataSource of an SLO names one (`connectionDetails.server`)
       * or its `connectionDetails.url` must be the base URL of one; anything
       * else is a problem on the SLO and no request is made. Default: none
       * (nothing is pulled).
       */
      servers?: Array<{
        /** The name DataSources use (`connectionDetails.server: <name>`). */
        name: string;
        /** Base URL, with any path prefix, e.g. `http://prometheus.monitoring:9090`. */
        baseUrl: string;
        /**
         * Sloth SLOs and SLOs that name no DataSource (only `type: Prometheus`)
         * are pulled from the default server. At most one. Default false.
         */
        default?: boolean;
        /**
         * Sent as `Authorization: Bearer <token>` with every request to this server.
         * @visibility secret
         */
        bearerToken?: string;
        /**
         * Headers sent with every request to this server, e.g.
         * `X-Scope-OrgID` for a multi-tenant Mimir or Cortex.
         * @deepVisibility secret
         */
        headers?: { [name: string]: string };
      }>;
    };
  };
}
