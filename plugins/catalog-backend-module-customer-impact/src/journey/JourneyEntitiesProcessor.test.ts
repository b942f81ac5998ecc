import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { JourneyEntitiesProcessor } from './JourneyEntitiesProcessor';

const location: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/journeys/first-deploy.yaml',
};

function journey(): Entity {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: { name: 'first-deploy', namespace: 'onboarding' },
    spec: {
      owner: 'platform',
      persona: 'new-hire',
      goldenPath: true,
      stages: [
        {
          name: 'Create',
          steps: [
            {
              id: 'create-service',
              title: 'Create a service',
              templateRef: 'template:default/service',
              entityRef: 'scaffolder',
              docs: ['https://docs.example.com/golden-path'],
              concepts: ['software template'],
              expectedDuration: 'PT30M',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            {
              id: 'first-deploy',
              title: 'Deploy',
              entityRef: 'api:default/deploy-api',
              expectedDuration: 'P2D',
            },
            // The same entity twice: one pair of relations.
            {
              id: 'check',
              title: 'Check the deploy',
              entityRef: 'api:default/deploy-api',
            },
          ],
        },
      ],
    },
  };
}

function change(fn: (j: any) => void): Entity {
  const entity = JSON.parse(JSON.stringify(journey()));
  fn(entity);
  return entity;
}

async function run(entity: Entity) {
  const processor = new JourneyEntitiesProcessor();
  const emitted: CatalogProcessorResult[] = [];
  await processor.postProcessEntity(entity, location, r => emitted.push(r));
  return emitted;
}

describe('JourneyEntitiesProcessor.validateEntityKind', () => {
  const processor = new JourneyEntitiesProcessor();

  it('accepts a valid journey', async () => {
    await expect(processor.validateEntityKind(journey())).resolves.toBe(true);
  });

  it('leaves other kinds to other processors', async () => {
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { type: 'service', lifecycle: 'production', owner: 'x' },
      }),
    ).resolves.toBe(false);
  });

  it.each<[string, (j: any) => void, string]>([
    ['missing owner', j => delete j.spec.owner, 'spec.owner is required'],
    ['missing persona', j => delete j.spec.persona, 'spec.persona is required'],
    [
      'empty stages',
      j => {
        j.spec.stages = [];
      },
      'spec.stages must NOT have fewer than 1 items',
    ],
    [
      'duplicate step id',
      j => {
        j.spec.stages[1].steps[1].id = 'first-deploy';
      },
      'spec.stages[1].steps[1].id "first-deploy" is already used by spec.stages[1].steps[0]',
    ],
    [
      'bad duration',
      j => {
        j.spec.stages[1].steps[0].expectedDuration = 'two days';
      },
      'spec.stages[1].steps[0].expectedDuration must be an ISO 8601 duration',
    ],
    [
      'bad docs URL',
      j => {
        j.spec.stages[0].steps[0].docs = ['wiki/golden-path'];
      },
      'spec.stages[0].steps[0].docs[0] must be an absolute http(s) URL',
    ],
    [
      'bad entityRef',
      j => {
        j.spec.stages[1].steps[0].entityRef = 'api:default/';
      },
      'spec.stages[1].steps[0].entityRef must be an entity ref',
    ],
  ])('turns a %s into an error naming the field', async (_, fn, message) => {
    // The catalog catches what validateEntityKind throws and records it as
    // a processing error of this entity.
    await expect(processor.validateEntityKind(change(fn))).rejects.toThrow(
      message,
    );
  });
});

describe('JourneyEntitiesProcessor.postProcessEntity', () => {
  it('emits the owner, step and template relations in both directions', async () => {
    const emitted = await run(journey());
    const self = {
      kind: 'Journey',
      namespace: 'onboarding',
      name: 'first-deploy',
    };
    expect(emitted).toEqual([
      // spec.owner "platform": kind Group, the journey's namespace.
      {
        type: 'relation',
        relation: {
          source: self,
          type: 'ownedBy',
          target: { kind: 'Group', namespace: 'onboarding', name: 'platform' },
        },
      },
      {
        type: 'relation',
        relation: {
          source: { kind: 'Group', namespace: 'onboarding', name: 'platform' },
          type: 'ownerOf',
          target: self,
        },
      },
      {
        type: 'relation',
        relation: {
          source: self,
          type: 'customer-impact/journeyPassesThrough',
          target: { kind: 'api', namespace: 'default', name: 'deploy-api' },
        },
      },
      {
        type: 'relation',
        relation: {
          source: { kind: 'api', namespace: 'default', name: 'deploy-api' },
          type: 'customer-impact/journeyStepOf',
          target: self,
        },
      },
      // entityRef "scaffolder": kind Component, the journey's namespace.
      {
        type: 'relation',
        relation: {
          source: self,
          type: 'customer-impact/journeyPassesThrough',
          target: {
            kind: 'Component',
            namespace: 'onboarding',
            name: 'scaffolder',
          },
        },
      },
      {
        type: 'relation',
        relation: {
          source: {
            kind: 'Component',
            namespace: 'onboarding',
            name: 'scaffolder',
          },
          type: 'customer-impact/journeyStepOf',
          target: self,
        },
      },
      {
        type: 'relation',
        relation: {
          source: self,
          type: 'customer-impact/journeyUsesTemplate',
          target: { kind: 'template', namespace: 'default', name: 'service' },
        },
      },
      {
        type: 'relation',
        relation: {
          source: { kind: 'template', namespace: 'default', name: 'service' },
          type: 'customer-impact/templateUsedByJourney',
          target: self,
        },
      },
    ]);
  });

  it('emits only the owner relations for a journey whose steps name no entity', async () => {
    const emitted = await run(
      change(j => {
        j.spec.stages = [
          { name: 'Only', steps: [{ id: 'read', title: 'Read' }] },
        ];
      }),
    );
    expect(
      emitted.map(r => (r.type === 'relation' ? r.relation.type : r.type)),
    ).toEqual(['ownedBy', 'ownerOf']);
  });

  it('leaves other kinds alone', async () => {
    const emitted = await run({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { owner: 'x', entityRef: 'y' },
    });
    expect(emitted).toEqual([]);
  });
});
