import { FacetHowTo, facetDocsUrl } from '../facet';

/**
 * How to make a journey pass through an entity: a `Journey` entity whose
 * step names the entity.
 *
 * @public
 */
export const JOURNEYS_HOW_TO: FacetHowTo = {
  text: "No journey passes through this entity yet. Add a Journey entity to the catalog with a step whose entityRef is this entity's ref; its friction then shows here.",
  snippets: [
    {
      label: 'journeys/first-deploy.yaml',
      language: 'yaml',
      code: `apiVersion: customer-impact/v1alpha1
kind: Journey
metadata:
  name: first-deploy
spec:
  owner: group:default/platform
  persona: new-hire
  stages:
    - name: Ship
      steps:
        - id: deploy
          title: Deploy your service
          entityRef: <this entity's ref>
          expectedDuration: PT1H`,
    },
  ],
  docsUrl: facetDocsUrl('journeys-and-golden-paths'),
};
