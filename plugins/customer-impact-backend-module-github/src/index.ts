/**
 * A Customer Impact backend module that pulls GitHub issues as support
 * events: tickets and manual exceptions.
 *
 * @packageDocumentation
 */

export { customerImpactModuleGitHub as default } from './module';
export {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  GitHubSupportSource,
} from './GitHubSupportSource';
export type { GitHubSupportSourceOptions } from './GitHubSupportSource';
