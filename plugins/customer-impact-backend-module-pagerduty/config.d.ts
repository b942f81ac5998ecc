export interface Config {
  customerImpact?: {
    sources?: {
      /**
       * Pulls the incidents of the PagerDuty service named by each entity's
       * `pagerduty.com/service-id` annotation: every incident becomes a
       * `page`, an escalated one an `escalation`. Leave it out and the module
       * does nothing.
       */
      pagerduty?: {
        /**
         * A PagerDuty REST API key (read-only is enough), sent as
         * `Authorization: Token token=...`.
         * @visibility secret
         */
        token: string;
        /** Default `https://api.pagerduty.com`. */
        baseUrl?: string;
        /**
         * Priorities (`priority.summary`) that make an incident an escalation.
         * An incident with responder requests is an escalation too.
         * Default `['P1']`.
         */
        escalationPriorities?: string[];
        /**
         * How many times a rate-limited (429) or temporarily failed (500, 502,
         * 503, 504) request is retried. Default 5.
         */
        maxRetries?: number;
      };
    };
  };
}
