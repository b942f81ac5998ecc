import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  JOURNEY_DEFAULT_K,
  JOURNEY_STEP_DEFAULT_ENTITY_KIND,
  JourneyAtEntity,
  JourneyEntityV1alpha1,
  JourneyFiguresReport,
  JourneyPushResponse,
  JourneyStepFeedbackResponse,
  JourneySupportEvent,
  JourneysFacet,
  JOURNEYS_HOW_TO,
  RELATION_JOURNEY_STEP_OF,
  JourneyFigures,
  computeJourneyFiguresInSlices,
  isJourneyEntity,
  journeyFeedbackRequestSchema,
  journeyStepFeedbackSchema,
  journeySteps,
  parseOrThrowInputError,
  parseJourneyEventsInSlices,
  assertNoFutureTimestamps,
} from '@customer-impact/plugin-customer-impact-common';
import { readableEntities } from '../service/access';
import { SummaryScope } from '../facets/SummaryScope';
import { keptOrComputed } from '../service/trimOldest';
import {
  UnknownEntityRefsCheck,
  everyEntityKnown,
} from '../service/unknownEntities';
import { createHash, createHmac, randomUUID } from 'crypto';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { JourneyStore } from './JourneyStore';
import {
  JourneyInputs,
  KeptRecords,
  TimeWindow,
  recordsIn,
  runsIn,
  sliceRuns,
  withTimes,
} from './journeyWindows';

/** Keyed hashes computed between two turns of the event loop. */
const HASHES_PER_TURN = 1000;

/** Config key of the secret that keys the subject hash. */
export const SUBJECT_HASH_SECRET_KEY =
  'customerImpact.journeys.subjectHashSecret';
/** Config key of k. */
export const MIN_PEOPLE_KEY = 'customerImpact.journeys.minPeople';
/** A secret shorter than this is refused at start. */
export const MIN_SECRET_LENGTH = 16;

const WINDOW_DESCRIPTION = 'all recorded events and answers';

/** The first instant (UTC) of the month of an ISO timestamp; null for none. */
function monthOf(at: string | undefined): string | null {
  return at
    ? `${new Date(at).toISOString().slice(0, 7)}-01T00:00:00.000Z`
    : null;
}

/**
 * Where the journeys read the support events that people raised naming a
 * journey step (the support facet's store): they count against
 * self-service.
 */
export interface JourneySupportEventReader {
  journeySupportEvents(journeyRef: string): Promise<JourneySupportEvent[]>;
  /**
   * A counter that changes whenever the support events change (see
   * `SupportStore.writeVersion`); without it, figures are never kept.
   */
  writeVersion?(): Promise<string>;
}

/** Journey figures each replica keeps in memory: the latest this many. */
const FIGURES_KEPT = 32;

/** What a journey's figures over all its records are, without the time of asking. */
interface KeptFigures {
  figures: JourneyFigures;
  /** The first day of the month of the first event. */
  first: string | null;
  lastReceivedAt: string | null;
}

/**
 * The records of this many journeys each replica keeps in memory (about
 * 4 MB for a journey of 18,000 events).
 */
const RECORDS_KEPT = 8;

/** The journeys facet: pushes, feedback and friction figures. */
export class JourneyService {
  private readonly store: JourneyStore;
  private readonly catalog: CatalogService;
  private readonly permissions: PermissionsService;
  private readonly logger: LoggerService;
  private readonly secret: string | undefined;
  readonly k: number;
  private readonly now: () => Date;
  private readonly supportEvents?: JourneySupportEventReader;
  private readonly kept = new Map<string, KeptFigures>();
  private readonly keptRecords = new Map<string, KeptRecords>();

  /**
   * Reads `customerImpact.journeys`. A configured secret shorter than
   * {@link MIN_SECRET_LENGTH} characters stops the backend; without a secret the
   * backend starts, figures work, and pushes and feedback are refused (503)
   * until one is set, so that no raw subject is ever stored.
   */
  static fromConfig(
    config: Config,
    deps: {
      store: JourneyStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      logger: LoggerService;
      supportEvents?: JourneySupportEventReader;
    },
  ): JourneyService {
    const secret = config.getOptionalString(SUBJECT_HASH_SECRET_KEY);
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `${SUBJECT_HASH_SECRET_KEY} must be at least ${MIN_SECRET_LENGTH} characters long`,
      );
    }
    if (secret === undefined) {
      deps.logger.warn(
        `${SUBJECT_HASH_SECRET_KEY} is not set: journey events and feedback are refused until it is`,
      );
    }
    const k = config.getOptionalNumber(MIN_PEOPLE_KEY) ?? JOURNEY_DEFAULT_K;
    if (!Number.isInteger(k) || k < 2) {
      throw new Error(
        `${MIN_PEOPLE_KEY} must be a whole number of at least 2, got ${k}`,
      );
    }
    return new JourneyService({ ...deps, subjectHashSecret: secret, k });
  }

  constructor(options: {
    store: JourneyStore;
    catalog: CatalogService;
    /** Decides which journeys' figures a caller may read. */
    permissions: PermissionsService;
    logger: LoggerService;
    subjectHashSecret: string | undefined;
    k?: number;
    now?: () => Date;
    /** Support events naming journey steps; without it self-service counts "I'm stuck" only. */
    supportEvents?: JourneySupportEventReader;
  }) {
    this.store = options.store;
    this.catalog = options.catalog;
    this.permissions = options.permissions;
    this.logger = options.logger;
    this.secret = options.subjectHashSecret;
    this.k = options.k ?? JOURNEY_DEFAULT_K;
    this.now = options.now ?? (() => new Date());
    this.supportEvents = options.supportEvents;
  }

  /**
   * Keyed hash of a person id: HMAC-SHA256 with the configured secret, hex.
   * The support facet stores an event's requester through it, so that it
   * matches the person's journey events.
   */
  hashSubject(subject: string): string {
    if (!this.secret) {
      throw new ServiceUnavailableError(
        `Journey events and feedback are switched off: set ${SUBJECT_HASH_SECRET_KEY} in the backend configuration`,
      );
    }
    return createHmac('sha256', this.secret)
      .update(subject, 'utf8')
      .digest('hex');
  }

  /**
   * `POST /v1/journey-events`: validated whole (no `at` more than 10 minutes
   * after now), hashed, written in one transaction; journeys the catalog does
   * not have (`check`) are listed in the answer.
   */
  async pushEvents(
    body: unknown,
    check: UnknownEntityRefsCheck = everyEntityKnown,
  ): Promise<JourneyPushResponse> {
    const now = this.now();
    // In slices, letting other requests run between them.
    const { events } = await parseJourneyEventsInSlices(body, yieldToEventLoop);
    assertNoFutureTimestamps(events, {
      listName: 'events',
      fields: ['at'],
      now,
    });
    const unknownEntityRefs = await check(events.map(e => e.journeyRef));
    // One keyed hash per person of the batch (a person has several events),
    // letting other requests run every HASHES_PER_TURN of them.
    const hashes = new Map<string, string>();
    const stored = [];
    for (const e of events) {
      let subjectHash = hashes.get(e.subject);
      if (subjectHash === undefined) {
        if (hashes.size > 0 && hashes.size % HASHES_PER_TURN === 0) {
          await yieldToEventLoop();
        }
        subjectHash = this.hashSubject(e.subject);
        hashes.set(e.subject, subjectHash);
      }
      stored.push({
        eventId: e.eventId,
        journeyRef: e.journeyRef,
        stepId: e.stepId,
        subjectHash,
        type: e.type,
        at: e.at,
      });
    }
    const result = await this.store.writeEvents(stored, now);
    this.logger.info(
      `Journey events: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged`,
    );
    return { ...result, unknownEntityRefs };
  }

  /**
   * `POST /v1/journey-feedback`: answers from a machine client (survey tool,
   * demo), checked as {@link JourneyService.pushEvents}.
   */
  async pushFeedback(
    body: unknown,
    check: UnknownEntityRefsCheck = everyEntityKnown,
  ): Promise<JourneyPushResponse> {
    const now = this.now();
    const { feedback } = parseOrThrowInputError(
      journeyFeedbackRequestSchema,
      body,
    );
    assertNoFutureTimestamps(feedback, {
      listName: 'feedback',
      fields: ['at'],
      now,
    });
    const unknownEntityRefs = await check(feedback.map(f => f.journeyRef));
    const stored = feedback.map(f => ({
      feedbackId: f.feedbackId,
      journeyRef: f.journeyRef,
      stepId: f.stepId,
      subjectHash: this.hashSubject(f.subject),
      kind: f.kind,
      comment: f.comment ?? null,
      effort: f.effort ?? null,
      at: f.at,
    }));
    const result = await this.store.writeFeedback(stored, now);
    return { ...result, unknownEntityRefs };
  }

  /**
   * The signed-in person's answer on a step of `journey`. Each answer is a new
   * record (history, never an overwrite).
   */
  async recordStepFeedback(
    journey: Entity,
    stepId: string,
    userEntityRef: string,
    body: unknown,
  ): Promise<JourneyStepFeedbackResponse> {
    const journeyRef = this.journeyRefOf(journey);
    const answer = parseOrThrowInputError(journeyStepFeedbackSchema, body);
    const step = journeySteps(journey as JourneyEntityV1alpha1).find(
      s => s.id === stepId,
    );
    if (!step) {
      throw new NotFoundError(`${journeyRef} has no step "${stepId}"`);
    }
    const at = this.now().toISOString();
    await this.store.writeFeedback(
      [
        {
          feedbackId: `portal:${randomUUID()}`,
          journeyRef,
          stepId,
          subjectHash: this.hashSubject(userEntityRef),
          kind: answer.kind,
          comment: answer.comment ?? null,
          effort: answer.effort ?? null,
          at,
        },
      ],
      this.now(),
    );
    return {
      journeyRef,
      stepId,
      kind: answer.kind,
      effort: answer.effort ?? null,
      withComment: answer.comment !== undefined,
      at,
    };
  }

  /** The figures of a Journey entity; NotFoundError for any other entity. */
  async getFigures(journey: Entity): Promise<JourneyFiguresReport> {
    const ref = this.journeyRefOf(journey);
    return this.keptFigures(journey as JourneyEntityV1alpha1, ref, () =>
      this.inputsOf(ref),
    );
  }

  /** The `journeys` key of an entity's summary. */
  async getFacet(
    entity: Entity,
    credentials: BackstageCredentials,
    /** The summary this is part of: related entities and records read once. */
    scope?: SummaryScope,
  ): Promise<JourneysFacet> {
    return this.facetOf(entity, credentials, undefined, scope);
  }

  /**
   * The `journeys` facet computed from the events and answers recorded in
   * `[from, to)` only: what people went through at the entity over a window
   * (for the pain index). A Journey entity itself has no such view.
   */
  async getFacetOverWindow(
    entity: Entity,
    credentials: BackstageCredentials,
    window: { from: Date; to: Date },
    scope?: SummaryScope,
  ): Promise<JourneysFacet> {
    return this.facetOf(
      entity,
      credentials,
      { from: window.from.getTime(), to: window.to.getTime() },
      scope,
    );
  }

  private async facetOf(
    entity: Entity,
    credentials: BackstageCredentials,
    /** The records that count: those at instants in `[from, to)` (epoch ms); all of them without. */
    window?: TimeWindow,
    scope?: SummaryScope,
  ): Promise<JourneysFacet> {
    if (isJourneyEntity(entity)) {
      const figures = await this.getFigures(entity);
      return {
        status: 'ok',
        view: 'journey',
        journeys: [],
        figures,
        lastUpdatedAt: figures.lastUpdatedAt,
      };
    }
    const entityRef = stringifyEntityRef(entity);
    const journeyRefs = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_JOURNEY_STEP_OF)
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      ),
    ].sort();
    const journeys: JourneyAtEntity[] = [];
    // Read with the caller's credentials, and only the journeys whose figures
    // they may read: a journey they cannot see is left out.
    const readable = await readableEntities(
      { catalog: scope ?? this.catalog, permissions: this.permissions },
      journeyRefs,
      credentials,
    );
    for (const journey of readable) {
      if (!isJourneyEntity(journey)) {
        continue;
      }
      const ref = stringifyEntityRef(journey).toLocaleLowerCase('en-US');
      const namespace = journey.metadata.namespace ?? 'default';
      const here = journeySteps(journey).filter(step => {
        if (!step.entityRef) {
          return false;
        }
        try {
          return (
            stringifyEntityRef(
              parseEntityRef(step.entityRef, {
                defaultKind: JOURNEY_STEP_DEFAULT_ENTITY_KIND,
                defaultNamespace: namespace,
              }),
            ) === entityRef
          );
        } catch {
          return false;
        }
      });
      if (here.length === 0) {
        continue;
      }
      const inputs = () =>
        scope
          ? scope.memo(`journey-inputs:${ref}`, () => this.inputsOf(ref))
          : this.inputsOf(ref);
      const report = await this.keptFigures(journey, ref, inputs, window);
      const { startCohorts: _cohorts, ...whole } = report.journey;
      journeys.push({
        journeyRef: report.journeyRef,
        title: journey.metadata.title ?? journey.metadata.name,
        persona: journey.spec.persona,
        goldenPath: journey.spec.goldenPath === true,
        k: report.k,
        journey: whole,
        steps: here.map(step => ({
          ...report.steps.find(s => s.stepId === step.id)!,
          expectedDuration: step.expectedDuration ?? null,
        })),
        window: report.window,
        lastUpdatedAt: report.lastUpdatedAt,
      });
    }
    if (journeys.length === 0) {
      return {
        status: 'not-configured',
        journeys: [],
        howTo: {
          ...JOURNEYS_HOW_TO,
          snippets: JOURNEYS_HOW_TO.snippets.map(snippet => ({
            ...snippet,
            code: snippet.code.replace("<this entity's ref>", entityRef),
          })),
        },
        lastUpdatedAt: null,
      };
    }
    const updated = journeys
      .map(j => j.lastUpdatedAt)
      .filter((t): t is string => t !== null)
      .sort();
    return {
      status: 'ok',
      view: 'passes-through',
      journeys,
      lastUpdatedAt: updated.length > 0 ? updated[updated.length - 1] : null,
    };
  }

  /**
   * The entities whose journey figures changed since `since`: the entities
   * of every step of each journey with new events or answers, with the
   * earliest instant of those records (see `CustomerImpactFacet.changedSince`).
   */
  async changedSince(
    since: Date,
    credentials: BackstageCredentials,
  ): Promise<Array<{ entityRef: string; from: Date }>> {
    const changed = await this.store.changedSince(since);
    if (changed.length === 0) {
      return [];
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: changed.map(c => c.journeyRef) },
      { credentials },
    );
    const out: Array<{ entityRef: string; from: Date }> = [];
    items.forEach((journey, i) => {
      if (!journey || !isJourneyEntity(journey)) {
        return;
      }
      const namespace = journey.metadata.namespace ?? 'default';
      for (const step of journeySteps(journey)) {
        if (!step.entityRef) {
          continue;
        }
        try {
          out.push({
            entityRef: stringifyEntityRef(
              parseEntityRef(step.entityRef, {
                defaultKind: JOURNEY_STEP_DEFAULT_ENTITY_KIND,
                defaultNamespace: namespace,
              }),
            ),
            from: new Date(changed[i].from),
          });
        } catch {
          // A step whose entity ref does not parse names no entity.
        }
      }
    });
    return out;
  }

  private journeyRefOf(entity: Entity): string {
    const ref = stringifyEntityRef(entity);
    if (!isJourneyEntity(entity)) {
      throw new NotFoundError(`${ref} is not a Journey`);
    }
    return ref;
  }

  /** The journey's records and the support events naming its steps. */
  private async inputsOf(journeyRef: string): Promise<JourneyInputs> {
    const [records, supportEvents] = await Promise.all([
      this.store.readJourney(journeyRef),
      this.supportEvents?.journeySupportEvents(journeyRef) ?? [],
    ]);
    return { ...records, supportEvents };
  }

  /**
   * The figures of a journey over all its records, or over those in a window,
   * kept in memory with the records they came from until a write changes its
   * events or answers or the support events (counters read before the
   * records: a write landing in between leaves a key that is not asked for
   * again). Figures over a window are kept for the records in it: the same
   * records, the same figures, however the window moved. The time of asking
   * is the request's own.
   */
  private async keptFigures(
    journey: JourneyEntityV1alpha1,
    journeyRef: string,
    inputs: () => Promise<JourneyInputs>,
    window?: TimeWindow,
  ): Promise<JourneyFiguresReport> {
    const [version, supportVersion] = await Promise.all([
      this.store.writeVersion(),
      this.supportEvents
        ? this.supportEvents.writeVersion?.()
        : Promise.resolve(''),
    ]);
    if (supportVersion === undefined) {
      const all = await inputs();
      return this.stamp(
        await this.compute(journey, window ? recordsIn(all, window) : all),
      );
    }
    const records = await keptOrComputed(
      this.keptRecords,
      JSON.stringify([version, supportVersion, journeyRef]),
      RECORDS_KEPT,
      async () => withTimes(await inputs()),
    );
    // Which records count: all, or each list's run of records in the window.
    const runs = window ? runsIn(records, window) : 'all';
    if (runs === null) {
      // A list out of time order (not as the store reads them): not kept.
      return this.stamp(
        await this.compute(journey, recordsIn(records.inputs, window!)),
      );
    }
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          version,
          supportVersion,
          journeyRef,
          journey.metadata.namespace ?? 'default',
          journey.spec,
          this.k,
          runs,
        ]),
      )
      .digest('hex');
    return this.stamp(
      await keptOrComputed(this.kept, key, FIGURES_KEPT, () =>
        this.compute(
          journey,
          runs === 'all' ? records.inputs : sliceRuns(records.inputs, runs),
        ),
      ),
    );
  }

  /**
   * A journey's figures from its records, in slices with the event loop let
   * run between them (a journey of tens of thousands of events would
   * otherwise hold it for the whole computation).
   */
  private async compute(
    journey: JourneyEntityV1alpha1,
    records: JourneyInputs,
  ): Promise<KeptFigures> {
    return {
      figures: await computeJourneyFiguresInSlices(
        {
          journey,
          events: records.events,
          feedback: records.feedback,
          supportEvents: records.supportEvents,
          k: this.k,
        },
        yieldToEventLoop,
      ),
      // Events come back ordered by time. The window says only what the
      // start-month cohorts say already: the month of the first event, up
      // to now. The first or the last event itself is one person's.
      first: monthOf(records.events[0]?.at),
      lastReceivedAt: records.lastReceivedAt,
    };
  }

  /** Kept figures as of now. */
  private stamp({
    figures,
    first,
    lastReceivedAt,
  }: KeptFigures): JourneyFiguresReport {
    const generatedAt = this.now().toISOString();
    return {
      ...figures,
      generatedAt,
      window: {
        description: WINDOW_DESCRIPTION,
        from: first,
        to: first === null ? null : generatedAt,
      },
      lastUpdatedAt: lastReceivedAt,
    };
  }
}
