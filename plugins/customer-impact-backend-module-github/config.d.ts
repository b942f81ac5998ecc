export interface Config {
  customerImpact?: {
    sources?: {
      /**
       * Pulls the issues of the repository named by each entity's
       * `github.com/project-slug` annotation (`owner/repo`): issues with one of
       * `ticketLabels` become tickets, issues with `manualExceptionLabel`
       * manual exceptions. Pull requests are skipped. Leave it out and the
       * module does nothing.
       */
      github?: {
        /**
         * A GitHub token that can read the repositories' issues, sent as
         * `Authorization: Bearer ...`.
         * @visibility secret
         */
        token: string;
        /** Default `https://api.github.com`; for GitHub Enterprise Server `https://HOST/api/v3`. */
        baseUrl?: string;
        /** Labels that make an issue a ticket. Default `['support']`. */
        ticketLabels?: string[];
        /** The label that makes an issue a manual exception. Default `manual-exception`. */
        manualExceptionLabel?: string;
        /**
         * Labels starting with this name the consuming team: `team:checkout`
         * becomes `group:default/checkout`. Default `team:`.
         */
        consumerLabelPrefix?: string;
        /** How many times a rate-limited request is retried. Default 5. */
        maxRetries?: number;
      };
    };
  };
}
