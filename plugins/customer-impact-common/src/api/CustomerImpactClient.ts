import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityCustomerImpactSummary } from './types';
import {
  JourneyFiguresReport,
  JourneyPushResponse,
  JourneyStepFeedbackResponse,
} from '../journey/api';
import {
  JourneyEventsPushRequest,
  JourneyFeedbackPushRequest,
  JourneyStepFeedbackRequest,
} from '../journey/schema';
import {
  DeprecationExemption,
  DeprecationExemptionList,
} from '../deprecation/types';
import { DeprecationExemptionRequest } from '../deprecation/schema';
import { EntitySloDetail, SloFacet, SloSamplesResponse } from '../slo/api';
import { SloSamplesRequest } from '../slo/schema';
import { ReleaseGateResponse } from '../slo/gate';
import {
  GroupSupportConsumers,
  SupportEventList,
  SupportPushResult,
} from '../support/api';
import { SupportEventBatch } from '../support/schema';
import { GroupRollup } from '../rollup/types';
import { ChangeList, ChangePushResult, ChangeRelief } from '../changes/types';
import { ChangeBatchInput } from '../changes/schema';

/**
 * The plugin id, also the path segment the backend is mounted at.
 *
 * @public
 */
export const CUSTOMER_IMPACT_PLUGIN_ID = 'customer-impact';

/**
 * Options of a single request.
 *
 * @public
 */
export interface CustomerImpactRequestOptions {
  signal?: AbortSignal;
  /** A Backstage token to send; the frontend leaves it out and lets `fetchApi` add it. */
  token?: string;
}

/**
 * The Customer Impact REST API, typed. The frontend reaches the backend only
 * through this interface.
 *
 * @public
 */
export interface CustomerImpactApi {
  getEntitySummary(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<EntityCustomerImpactSummary>;

  /**
   * One SLO of an entity with its error-budget burndown over the current
   * window (`points` instants, default 120).
   */
  getEntitySlo(
    entityRef: string | CompoundEntityRef,
    slo: string,
    options?: CustomerImpactRequestOptions & { points?: number },
  ): Promise<EntitySloDetail>;

  /**
   * Whether the entity's SLOs allow a release now (`allowed`), and why
   * (`reasons`): the rules of its `customer-impact/release-gate` annotation,
   * by default no SLO in page state and no error budget used up.
   */
  getReleaseGate(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<ReleaseGateResponse>;

  /** Reads the entity's SLO definitions again now, and returns the SLO facet. */
  refreshEntitySlos(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<SloFacet>;

  /** Pushes SLI samples (one transaction; the same bucket sent again replaces it). */
  pushSloSamples(
    request: SloSamplesRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<SloSamplesResponse>;

  /** Pushes support events (atomic; the same source and externalId sent again updates the event). */
  pushSupportEvents(
    batch: SupportEventBatch,
    options?: CustomerImpactRequestOptions,
  ): Promise<SupportPushResult>;

  /** The entity's most recent support events (`limit`, default 50, at most 500). */
  getEntitySupportEvents(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & { limit?: number },
  ): Promise<SupportEventList>;

  /**
   * The consuming teams that put the most load on the entities a group's
   * tree owns: one page (`limit` up to 100, default 20; `cursor` from
   * `page.nextCursor`).
   */
  getGroupSupportConsumers(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & {
      limit?: number;
      cursor?: string;
    },
  ): Promise<GroupSupportConsumers>;

  /**
   * The rollup of a group and every group below it: its entities ranked by
   * pain (one page: `limit` up to 100, `cursor` from `page.nextCursor`), the
   * consuming teams hurting most, the deprecations and the 12-week trend.
   */
  getGroupRollup(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & {
      limit?: number;
      cursor?: string;
    },
  ): Promise<GroupRollup>;

  /** Recomputes a group's rollup now and returns its first page. */
  refreshGroupRollup(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<GroupRollup>;

  /** The friction figures of a journey (`journey:namespace/name`) and its steps. */
  getJourneyFigures(
    journeyRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyFiguresReport>;

  /** The signed-in person's answer on one journey step ("done", "stuck", effort). */
  postJourneyStepFeedback(
    journeyRef: string | CompoundEntityRef,
    stepId: string,
    feedback: JourneyStepFeedbackRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyStepFeedbackResponse>;

  /** Pushes journey events (one transaction; idempotent on `eventId`). */
  pushJourneyEvents(
    request: JourneyEventsPushRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyPushResponse>;

  /** Pushes step feedback answers, e.g. from a survey tool (idempotent on `feedbackId`). */
  pushJourneyFeedback(
    request: JourneyFeedbackPushRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyPushResponse>;

  /**
   * Records an exemption of one dependent from the deprecation of `entityRef`
   * (a new record every time; earlier ones are kept).
   */
  recordDeprecationExemption(
    entityRef: string | CompoundEntityRef,
    request: DeprecationExemptionRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<DeprecationExemption>;

  /** Every exemption recorded on the deprecated entity, newest first. */
  getDeprecationExemptions(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<DeprecationExemptionList>;

  /** Records changes (validated whole, one transaction, idempotent on `id`). */
  recordChanges(
    batch: ChangeBatchInput,
    options?: CustomerImpactRequestOptions,
  ): Promise<ChangePushResult>;

  /**
   * Recorded changes, newest first: of one entity or any of several
   * (`entityRef`), `limit` per page (default 20, at most 100); pass a page's
   * `nextCursor` as `cursor` for the next.
   */
  listChanges(
    options?: CustomerImpactRequestOptions & {
      entityRef?:
        | string
        | CompoundEntityRef
        | Array<string | CompoundEntityRef>;
      limit?: number;
      cursor?: string;
    },
  ): Promise<ChangeList>;

  /** Deletes a recorded change. */
  deleteChange(
    id: string,
    options?: CustomerImpactRequestOptions,
  ): Promise<void>;

  /** The relief of a change per consuming team and entity, over `weeks` (default 4) on each side. */
  getChangeRelief(
    id: string,
    options?: CustomerImpactRequestOptions & { weeks?: number },
  ): Promise<ChangeRelief>;
}

/**
 * A client of the Customer Impact backend: works in the browser with
 * Backstage's `discoveryApi` and `fetchApi`, and in Node with any object of the
 * same shape.
 *
 * @public
 */
export class CustomerImpactClient implements CustomerImpactApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  async getEntitySummary(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<EntityCustomerImpactSummary> {
    const ref = parseEntityRef(
      typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
    );
    const path = [ref.kind, ref.namespace, ref.name]
      .map(part => encodeURIComponent(part))
      .join('/');
    return this.request<EntityCustomerImpactSummary>(
      `/v1/entities/${path}`,
      options,
    );
  }

  async getEntitySlo(
    entityRef: string | CompoundEntityRef,
    slo: string,
    options?: CustomerImpactRequestOptions & { points?: number },
  ): Promise<EntitySloDetail> {
    const query =
      options?.points !== undefined
        ? `?points=${encodeURIComponent(String(options.points))}`
        : '';
    return this.request<EntitySloDetail>(
      `/v1/entities/${entityPath(entityRef)}/slos/${encodeURIComponent(
        slo,
      )}${query}`,
      options,
    );
  }

  async getReleaseGate(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<ReleaseGateResponse> {
    return this.request<ReleaseGateResponse>(
      `/v1/entities/${entityPath(entityRef)}/release-gate`,
      options,
    );
  }

  async refreshEntitySlos(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<SloFacet> {
    return this.request<SloFacet>(
      `/v1/entities/${entityPath(entityRef)}/slos/refresh`,
      options,
      { method: 'POST' },
    );
  }

  async pushSloSamples(
    request: SloSamplesRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<SloSamplesResponse> {
    return this.request<SloSamplesResponse>('/v1/slo-samples', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  async pushSupportEvents(
    batch: SupportEventBatch,
    options?: CustomerImpactRequestOptions,
  ): Promise<SupportPushResult> {
    return this.request<SupportPushResult>('/v1/support-events', options, {
      method: 'POST',
      body: JSON.stringify(batch),
    });
  }

  async getEntitySupportEvents(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & { limit?: number },
  ): Promise<SupportEventList> {
    const query =
      options?.limit !== undefined
        ? `?limit=${encodeURIComponent(String(options.limit))}`
        : '';
    return this.request<SupportEventList>(
      `/v1/entities/${entityPath(entityRef)}/support-events${query}`,
      options,
    );
  }

  async getGroupSupportConsumers(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & {
      limit?: number;
      cursor?: string;
    },
  ): Promise<GroupSupportConsumers> {
    const ref = parseEntityRef(
      typeof groupRef === 'string' ? groupRef : stringifyEntityRef(groupRef),
      { defaultKind: 'group' },
    );
    const query = new URLSearchParams();
    if (options?.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    if (options?.cursor !== undefined) {
      query.set('cursor', options.cursor);
    }
    const q = query.toString();
    return this.request<GroupSupportConsumers>(
      `/v1/groups/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
        ref.name,
      )}/consumers${q ? `?${q}` : ''}`,
      options,
    );
  }

  async getGroupRollup(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions & {
      limit?: number;
      cursor?: string;
    },
  ): Promise<GroupRollup> {
    const query = new URLSearchParams();
    if (options?.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    if (options?.cursor !== undefined) {
      query.set('cursor', options.cursor);
    }
    const q = query.toString();
    return this.request<GroupRollup>(
      `/v1/groups/${groupPath(groupRef)}/rollup${q ? `?${q}` : ''}`,
      options,
    );
  }

  async refreshGroupRollup(
    groupRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<GroupRollup> {
    return this.request<GroupRollup>(
      `/v1/groups/${groupPath(groupRef)}/rollup/refresh`,
      options,
      { method: 'POST' },
    );
  }

  async getJourneyFigures(
    journeyRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyFiguresReport> {
    return this.request<JourneyFiguresReport>(
      `/v1/journeys/${journeyPath(journeyRef)}/figures`,
      options,
    );
  }

  async postJourneyStepFeedback(
    journeyRef: string | CompoundEntityRef,
    stepId: string,
    feedback: JourneyStepFeedbackRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyStepFeedbackResponse> {
    return this.request<JourneyStepFeedbackResponse>(
      `/v1/journeys/${journeyPath(journeyRef)}/steps/${encodeURIComponent(
        stepId,
      )}/feedback`,
      options,
      { method: 'POST', body: JSON.stringify(feedback) },
    );
  }

  async pushJourneyEvents(
    request: JourneyEventsPushRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyPushResponse> {
    return this.request<JourneyPushResponse>('/v1/journey-events', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  async pushJourneyFeedback(
    request: JourneyFeedbackPushRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<JourneyPushResponse> {
    return this.request<JourneyPushResponse>('/v1/journey-feedback', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  async recordDeprecationExemption(
    entityRef: string | CompoundEntityRef,
    request: DeprecationExemptionRequest,
    options?: CustomerImpactRequestOptions,
  ): Promise<DeprecationExemption> {
    return this.request<DeprecationExemption>(
      `/v1/entities/${entityPath(entityRef)}/deprecation-exemptions`,
      options,
      { method: 'POST', body: JSON.stringify(request) },
    );
  }

  async getDeprecationExemptions(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<DeprecationExemptionList> {
    return this.request<DeprecationExemptionList>(
      `/v1/entities/${entityPath(entityRef)}/deprecation-exemptions`,
      options,
    );
  }

  async recordChanges(
    batch: ChangeBatchInput,
    options?: CustomerImpactRequestOptions,
  ): Promise<ChangePushResult> {
    return this.request<ChangePushResult>('/v1/changes', options, {
      method: 'POST',
      body: JSON.stringify(batch),
    });
  }

  async listChanges(
    options?: CustomerImpactRequestOptions & {
      entityRef?:
        | string
        | CompoundEntityRef
        | Array<string | CompoundEntityRef>;
      limit?: number;
      cursor?: string;
    },
  ): Promise<ChangeList> {
    const params = new URLSearchParams();
    const refs =
      options?.entityRef === undefined
        ? []
        : ([] as Array<string | CompoundEntityRef>).concat(options.entityRef);
    for (const ref of refs) {
      params.append(
        'entityRef',
        typeof ref === 'string' ? ref : stringifyEntityRef(ref),
      );
    }
    if (options?.limit !== undefined) {
      params.set('limit', String(options.limit));
    }
    if (options?.cursor !== undefined) {
      params.set('cursor', options.cursor);
    }
    const query = params.toString();
    return this.request<ChangeList>(
      `/v1/changes${query ? `?${query}` : ''}`,
      options,
    );
  }

  async deleteChange(
    id: string,
    options?: CustomerImpactRequestOptions,
  ): Promise<void> {
    await this.request<void>(`/v1/changes/${encodeURIComponent(id)}`, options, {
      method: 'DELETE',
    });
  }

  async getChangeRelief(
    id: string,
    options?: CustomerImpactRequestOptions & { weeks?: number },
  ): Promise<ChangeRelief> {
    const query =
      options?.weeks !== undefined
        ? `?weeks=${encodeURIComponent(String(options.weeks))}`
        : '';
    return this.request<ChangeRelief>(
      `/v1/changes/${encodeURIComponent(id)}/relief${query}`,
      options,
    );
  }

  private async request<T>(
    path: string,
    options?: CustomerImpactRequestOptions,
    init?: RequestInit,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      CUSTOMER_IMPACT_PLUGIN_ID,
    );
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init?.body) {
      headers['Content-Type'] = 'application/json';
    }
    if (options?.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
      signal: options?.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T; // no content, e.g. after a delete
    }
    return (await response.json()) as T;
  }
}

/** `kind/namespace/name` of an entity ref, each part URL-encoded. */
function entityPath(entityRef: string | CompoundEntityRef): string {
  const ref = parseEntityRef(
    typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
  );
  return [ref.kind, ref.namespace, ref.name]
    .map(part => encodeURIComponent(part))
    .join('/');
}

/** `namespace/name` of a journey ref (kind Journey by default), URL-encoded. */
function journeyPath(journeyRef: string | CompoundEntityRef): string {
  const ref = parseEntityRef(
    typeof journeyRef === 'string'
      ? journeyRef
      : stringifyEntityRef(journeyRef),
    { defaultKind: 'Journey', defaultNamespace: 'default' },
  );
  return [ref.namespace, ref.name]
    .map(part => encodeURIComponent(part))
    .join('/');
}

/** `namespace/name` of a group ref (kind Group by default), URL-encoded. */
function groupPath(groupRef: string | CompoundEntityRef): string {
  const ref = parseEntityRef(
    typeof groupRef === 'string' ? groupRef : stringifyEntityRef(groupRef),
    { defaultKind: 'group', defaultNamespace: 'default' },
  );
  return [ref.namespace, ref.name]
    .map(part => encodeURIComponent(part))
    .join('/');
}
