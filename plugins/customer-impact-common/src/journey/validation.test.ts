import { Entity } from '@backstage/catalog-model';
import { isJourneyEntity, journeyEntityRefs, journeySteps } from './helpers';
import { JourneyEntityV1alpha1 } from './types';
import {
  journeyEntityProblems,
  journeyEntityValidator,
  parseIsoDurationSeconds,
} from './validation';

function validJourney(): JourneyEntityV1alpha1 {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: { name: 'first-deploy', namespace: 'default' },
    spec: {
      owner: 'group:platform',
      persona: 'new-hire',
      goldenPath: true,
      scenario: 'First week, first service',
      expectations: 'A service in production by Friday',
      stages: [
        {
          name: 'Create',
          steps: [
            {
              id: 'create-service',
              title: 'Create a service from the template',
              templateRef: 'service-template',
              entityRef: 'scaffolder',
              docs: ['https://docs.example.com/golden-path'],
              concepts: ['software template', 'catalog-info.yaml'],
              expectedDuration: 'PT30M',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            {
              id: 'first-deploy',
              title: 'Deploy to production',
              entityRef: 'api:payments/deploy-api',
              expectedDuration: 'P2D',
            },
            { id: 'announce', title: 'Tell your team' },
          ],
        },
      ],
    },
  };
}

/** A deep copy of the valid journey, changed by `change`. */
function journeyWith(change: (j: any) => void): Entity {
  const journey = JSON.parse(JSON.stringify(validJourney()));
  change(journey);
  return journey;
}

describe('journeyEntityValidator', () => {
  it('accepts a valid journey', async () => {
    await expect(journeyEntityValidator.check(validJourney())).resolves.toBe(
      true,
    );
    expect(journeyEntityProblems(validJourney())).toEqual([]);
  });

  it('accepts the smallest journey', async () => {
    const minimal = journeyWith(j => {
      j.spec = {
        owner: 'platform',
        persona: 'on-call',
        stages: [{ name: 'Only', steps: [{ id: 'page', title: 'Get paged' }] }],
      };
    });
    await expect(journeyEntityValidator.check(minimal)).resolves.toBe(true);
  });

  it('ignores other kinds', async () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { type: 'service', owner: 'x', lifecycle: 'production' },
    };
    await expect(journeyEntityValidator.check(component)).resolves.toBe(false);
  });

  it.each<[string, (j: any) => void, string, string]>([
    [
      'a missing owner',
      j => delete j.spec.owner,
      'spec.owner',
      'spec.owner is required',
    ],
    [
      'a missing persona',
      j => delete j.spec.persona,
      'spec.persona',
      'spec.persona is required',
    ],
    [
      'a blank persona',
      j => {
        j.spec.persona = '  ';
      },
      'spec.persona',
      'must not be blank',
    ],
    [
      'empty stages',
      j => {
        j.spec.stages = [];
      },
      'spec.stages',
      'spec.stages must NOT have fewer than 1 items',
    ],
    [
      'missing stages',
      j => delete j.spec.stages,
      'spec.stages',
      'spec.stages is required',
    ],
    [
      'a stage without steps',
      j => {
        j.spec.stages[1].steps = [];
      },
      'spec.stages[1].steps',
      'spec.stages[1].steps must NOT have fewer than 1 items',
    ],
    [
      'a step without a title',
      j => delete j.spec.stages[1].steps[1].title,
      'spec.stages[1].steps[1].title',
      'spec.stages[1].steps[1].title is required',
    ],
    [
      'a step id that is not lower-kebab-case',
      j => {
        j.spec.stages[0].steps[0].id = 'Create_Service';
      },
      'spec.stages[0].steps[0].id',
      'spec.stages[0].steps[0].id must be lower-kebab-case',
    ],
    [
      'a duplicate step id',
      j => {
        j.spec.stages[1].steps[1].id = 'create-service';
      },
      'spec.stages[1].steps[1].id',
      '"create-service" is already used by spec.stages[0].steps[0]',
    ],
    [
      'a duration that is not ISO 8601',
      j => {
        j.spec.stages[1].steps[0].expectedDuration = '2 days';
      },
      'spec.stages[1].steps[0].expectedDuration',
      'spec.stages[1].steps[0].expectedDuration must be an ISO 8601 duration',
    ],
    [
      'an empty ISO duration',
      j => {
        j.spec.stages[1].steps[0].expectedDuration = 'PT';
      },
      'spec.stages[1].steps[0].expectedDuration',
      'must be an ISO 8601 duration',
    ],
    [
      'a duration in months',
      j => {
        j.spec.stages[1].steps[0].expectedDuration = 'P1M';
      },
      'spec.stages[1].steps[0].expectedDuration',
      'must not use years or months',
    ],
    [
      'a zero duration',
      j => {
        j.spec.stages[1].steps[0].expectedDuration = 'PT0S';
      },
      'spec.stages[1].steps[0].expectedDuration',
      'must be longer than zero',
    ],
    [
      'a docs entry that is not a URL',
      j => {
        j.spec.stages[0].steps[0].docs = [
          'https://ok.example.com',
          'docs/x.md',
        ];
      },
      'spec.stages[0].steps[0].docs[1]',
      'spec.stages[0].steps[0].docs[1] must be an absolute http(s) URL',
    ],
    [
      'a docs URL that does not parse',
      j => {
        j.spec.stages[0].steps[0].docs = ['https://exa[mple.com/x'];
      },
      'spec.stages[0].steps[0].docs[0]',
      'must be an absolute http(s) URL',
    ],
    [
      'a malformed entityRef',
      j => {
        j.spec.stages[1].steps[0].entityRef = 'api:default/';
      },
      'spec.stages[1].steps[0].entityRef',
      'spec.stages[1].steps[0].entityRef must be an entity ref',
    ],
    [
      'an entityRef with spaces',
      j => {
        j.spec.stages[1].steps[0].entityRef = 'component:default/has spaces';
      },
      'spec.stages[1].steps[0].entityRef',
      'must be an entity ref',
    ],
    [
      'a malformed owner',
      j => {
        j.spec.owner = 'a:b:c/d';
      },
      'spec.owner',
      'spec.owner must be an entity ref',
    ],
    [
      'a templateRef to something other than a Template',
      j => {
        j.spec.stages[0].steps[0].templateRef = 'component:default/x';
      },
      'spec.stages[0].steps[0].templateRef',
      'must refer to a Template',
    ],
    [
      'a misspelt step field',
      j => {
        j.spec.stages[0].steps[0].entityref = 'component:default/x';
      },
      'spec.stages[0].steps[0].entityref',
      'spec.stages[0].steps[0].entityref is not a field of a Journey',
    ],
    [
      'a goldenPath that is not a boolean',
      j => {
        j.spec.goldenPath = 'yes';
      },
      'spec.goldenPath',
      'spec.goldenPath must be boolean',
    ],
    [
      'a wrong apiVersion',
      j => {
        j.apiVersion = 'customer-impact/v2';
      },
      'apiVersion',
      'apiVersion must be "customer-impact/v1alpha1"',
    ],
  ])('rejects %s, naming the field', async (_, change, field, text) => {
    const entity = journeyWith(change);
    const problems = journeyEntityProblems(entity);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toContain(text);

    const check = journeyEntityValidator.check(entity);
    await expect(check).rejects.toThrow(TypeError);
    await expect(check).rejects.toThrow(text);
  });

  it('lists every problem the schema cannot see at once', () => {
    const entity = journeyWith(j => {
      j.spec.stages[1].steps[0].expectedDuration = 'soon';
      j.spec.stages[1].steps[1].id = 'first-deploy';
      j.spec.stages[0].steps[0].entityRef = 'x:y:z/w';
    });
    expect(journeyEntityProblems(entity).map(p => p.field)).toEqual([
      'spec.stages[0].steps[0].entityRef',
      'spec.stages[1].steps[0].expectedDuration',
      'spec.stages[1].steps[1].id',
    ]);
  });

  it('never throws on garbage', () => {
    expect(journeyEntityProblems(null)[0].field).toBe('<root>');
    expect(
      journeyEntityProblems({
        apiVersion: 'customer-impact/v1alpha1',
        kind: 'Journey',
      })[0].message,
    ).toContain('is required');
  });
});

describe('parseIsoDurationSeconds', () => {
  it.each([
    ['PT30M', 1800],
    ['P2D', 172800],
    ['P1W', 604800],
    ['P1DT2H', 93600],
    ['PT0.5H', 1800],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseIsoDurationSeconds(text)).toBe(seconds);
  });

  it.each(['P1M', 'P1Y', 'PT0S', 'P', 'PT', '-PT5M', '30m', 'pt30m', ''])(
    'rejects %j',
    text => {
      expect(parseIsoDurationSeconds(text)).toBeNull();
    },
  );
});

describe('helpers', () => {
  it('recognises journeys', () => {
    expect(isJourneyEntity(validJourney())).toBe(true);
    expect(
      isJourneyEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Journey',
        metadata: { name: 'x' },
      }),
    ).toBe(false);
  });

  it('lists the steps in order with their stage and path', () => {
    expect(
      journeySteps(validJourney()).map(s => [
        s.id,
        s.stage,
        s.position,
        s.path,
      ]),
    ).toEqual([
      ['create-service', 'Create', 0, 'spec.stages[0].steps[0]'],
      ['first-deploy', 'Ship', 1, 'spec.stages[1].steps[0]'],
      ['announce', 'Ship', 2, 'spec.stages[1].steps[1]'],
    ]);
  });

  it('resolves the refs with the default kinds and the namespace', () => {
    const journey = validJourney();
    journey.metadata.namespace = 'onboarding';
    expect(journeyEntityRefs(journey)).toEqual({
      owner: { kind: 'group', namespace: 'onboarding', name: 'platform' },
      passesThrough: [
        { kind: 'api', namespace: 'payments', name: 'deploy-api' },
        { kind: 'Component', namespace: 'onboarding', name: 'scaffolder' },
      ],
      templates: [
        { kind: 'Template', namespace: 'onboarding', name: 'service-template' },
      ],
    });
  });
});
