export interface Config {
  customerImpact?: {
    sources?: {
      /**
       * Pulls the issues of the repository named by each entity's
       * `github.com/project-slug` annotation (`owner/repo`): issues with one of
       * `ticketLabels` become tickets, issues with `manualExceptionLabel`
       * manual exceptions. Pull requests are skipped. Leave it out and the
       * module does nothing; `{}` pulls with the defaults.
       *
       * The credentials (a token or a GitHub App) and the API address are
       * those of the `integrations.github` entry of `host`, as for every
       * Backstage GitHub plugin.
       */
      github?: {
        /**
         * The GitHub host the repositories are on; its `integrations.github`
         * entry gives the credentials and `apiBaseUrl`. Default `github.com`.
         */
        host?: string;
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
        /**
         * No longer read: the module refuses to start while it is set. Move
         * the token to `integrations.github` (`host: github.com`, `token`).
         * @deprecated No longer read; see integrations.github.
         * @visibility secret
         */
        token?: string;
        /**
         * No longer read: the module refuses to start while it is set. Set
         * `host` and that host's `integrations.github[].apiBaseUrl`.
         * @deprecated No longer read; see integrations.github.
         */
        baseUrl?: string;
      };
    };
  };
}
