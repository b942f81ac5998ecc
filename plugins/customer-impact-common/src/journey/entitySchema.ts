/**
 * Lower-kebab-case step ids.
 *
 * @internal
 */
export const JOURNEY_STEP_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
/**
 * Absolute http(s) URLs (checked further by the validator).
 *
 * @internal
 */
export const JOURNEY_DOCS_URL_PATTERN = '^[hH][tT][tT][pP][sS]?://\\S+$';

/**
 * JSON Schema (draft-07) of the Journey kind, `customer-impact/v1alpha1`.
 *
 * @remarks
 *
 * It refers to Backstage's own `Entity` schema for the envelope and metadata, so
 * it is meant for `entityKindSchemaValidator` from `@backstage/catalog-model`,
 * which resolves that reference. Checks a schema cannot express (unique step ids,
 * a real ISO 8601 duration, valid entity refs) live in `journeyEntityValidator`.
 * Kept as a TypeScript object so that it bundles without a JSON loader.
 *
 * @public
 */
export const journeyEntityV1alpha1Schema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'JourneyV1alpha1',
  description:
    'A Journey maps what a persona does, stage by stage and step by step, to reach a goal, and which catalog entities, templates and docs each step goes through.',
  examples: [
    {
      apiVersion: 'customer-impact/v1alpha1',
      kind: 'Journey',
      metadata: { name: 'first-deploy', title: 'From laptop to first deploy' },
      spec: {
        owner: 'group:platform',
        persona: 'new-hire',
        goldenPath: true,
        stages: [
          {
            name: 'Create',
            steps: [
              {
                id: 'create-service',
                title: 'Create a service from the template',
                templateRef: 'template:default/service',
                entityRef: 'component:default/scaffolder',
                docs: ['https://docs.example.com/golden-path'],
                concepts: ['software template'],
                expectedDuration: 'PT30M',
              },
            ],
          },
        ],
      },
    },
  ],
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: ['customer-impact/v1alpha1'] },
        kind: { enum: ['Journey'] },
        spec: {
          type: 'object',
          required: ['owner', 'persona', 'stages'],
          additionalProperties: false,
          properties: {
            owner: {
              type: 'string',
              minLength: 1,
              description:
                'Entity ref of the group or user that owns the journey; the kind defaults to Group.',
              examples: ['group:platform'],
            },
            persona: {
              type: 'string',
              minLength: 1,
              description: 'Who takes the journey.',
              examples: ['new-hire', 'product-engineer', 'on-call'],
            },
            goldenPath: {
              type: 'boolean',
              default: false,
              description:
                "Whether this is the organisation's opinionated and supported path.",
            },
            scenario: {
              type: 'string',
              description: 'The situation the journey starts from.',
            },
            expectations: {
              type: 'string',
              description: 'What the persona expects from the journey.',
            },
            stages: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['name', 'steps'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1 },
                  description: { type: 'string' },
                  steps: {
                    type: 'array',
                    minItems: 1,
                    items: {
                      type: 'object',
                      required: ['id', 'title'],
                      additionalProperties: false,
                      properties: {
                        id: {
                          type: 'string',
                          pattern: JOURNEY_STEP_ID_PATTERN,
                          maxLength: 63,
                          description:
                            'Unique within the journey, lower-kebab-case; events and feedback name the step by it.',
                        },
                        title: { type: 'string', minLength: 1 },
                        description: { type: 'string' },
                        entityRef: {
                          type: 'string',
                          minLength: 1,
                          description:
                            'Entity ref of the component, API or resource the step goes through; the kind defaults to Component.',
                        },
                        templateRef: {
                          type: 'string',
                          minLength: 1,
                          description:
                            'Entity ref of the scaffolder Template the step uses; the kind defaults to Template.',
                        },
                        docs: {
                          type: 'array',
                          items: {
                            type: 'string',
                            pattern: JOURNEY_DOCS_URL_PATTERN,
                          },
                          description:
                            'Absolute http(s) URLs of the docs for this step.',
                        },
                        concepts: {
                          type: 'array',
                          items: { type: 'string', minLength: 1 },
                          description:
                            'Concepts a person must learn to take this step.',
                        },
                        expectedDuration: {
                          type: 'string',
                          description:
                            'ISO 8601 duration (PT30M, P2D, P1W); years and months are not allowed because they have no fixed length.',
                          examples: ['PT30M', 'P2D'],
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  ],
} as const;
