import { z } from 'zod';
import {
  DocumentContext,
  ParsedDefinitions,
  Problem,
  metadataSchema,
  originOf,
  problem,
  zodProblems,
} from './definitionsShared';
import {
  AlertConditionSpec,
  PolicyEntry,
  ResolvedPolicy,
  alertingOf,
  notificationTargetNames,
  resolvePolicy,
  warnAboutConditions,
  warnAboutOp,
} from './opensloAlerting';
import {
  alertConditionDocumentSchema,
  alertNotificationTargetDocumentSchema,
  alertPolicyDocumentSchema,
  dataSourceDocumentSchema,
  sliDocumentSchema,
} from './opensloSchemas';
import {
  PendingSlo,
  SliSpec,
  parseSloDocument,
  sloDefinitions,
} from './opensloSlo';
import { SloAlertPolicyCondition } from './types';

/**
 * The OpenSLO `apiVersion` this package reads.
 *
 * @public
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

/**
 * Reads the OpenSLO v1 objects of one file, object by object: SLO, SLI,
 * DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget and
 * Service are read, other kinds are ignored with a warning. Every object is
 * validated on its own and a bad one becomes problems. SLOs are added by
 * `finish`, once every object was read, so that `indicatorRef`,
 * `alertPolicyRef` and `conditionRef` may name objects further down the file.
 */
export class OpenSloReader {
  private readonly slis = new Map<string, { spec: SliSpec }>();
  private readonly pendingSlos: PendingSlo[] = [];
  private readonly policyEntries = new Map<string, PolicyEntry>();
  private readonly conditions = new Map<string, AlertConditionSpec>();
  private readonly resolvedPolicies = new Map<string, ResolvedPolicy>();
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly out: ParsedDefinitions,
    private readonly source: string,
  ) {}

  /** Reads one object whose `apiVersion` is `openslo/v1`. */
  readObject(ctx: DocumentContext, object: Record<string, unknown>): void {
    switch (ctx.kind) {
      case 'SLO':
        this.readSlo(ctx, object);
        return;
      case 'SLI': {
        const result = sliDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        if (this.claimName(ctx, 'SLI', result.data.metadata.name)) {
          this.slis.set(result.data.metadata.name, { spec: result.data.spec });
        }
        return;
      }
      case 'DataSource': {
        const result = dataSourceDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'DataSource', meta.name)) {
          this.out.dataSources.push({
            name: meta.name,
            displayName: meta.displayName ?? null,
            description: spec.description ?? null,
            type: spec.type,
            connectionDetails: spec.connectionDetails ?? {},
            origin: originOf(ctx, this.source),
          });
        }
        return;
      }
      case 'AlertPolicy': {
        const result = alertPolicyDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'AlertPolicy', meta.name)) {
          warnAboutConditions(ctx, spec, ['spec'], this.out.problems);
          this.policyEntries.set(meta.name, {
            ctx,
            name: meta.name,
            displayName: meta.displayName ?? null,
            spec,
          });
        }
        return;
      }
      case 'AlertCondition': {
        const result = alertConditionDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'AlertCondition', meta.name)) {
          warnAboutOp(ctx, spec, ['spec'], this.out.problems);
          this.conditions.set(meta.name, spec);
        }
        return;
      }
      case 'AlertNotificationTarget': {
        // Read for completeness: notifications go to the entity's owner.
        const result = alertNotificationTargetDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        this.claimName(
          ctx,
          'AlertNotificationTarget',
          result.data.metadata.name,
        );
        return;
      }
      case 'Service': {
        // A grouping of SLOs; nothing to compute.
        const result = z.object({ metadata: metadataSchema }).safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
        }
        return;
      }
      case null:
        this.out.problems.push(
          problem(
            ctx,
            'error',
            ['kind'],
            'kind is required (SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget or Service)',
          ),
        );
        return;
      default:
        this.out.problems.push(
          problem(
            ctx,
            'warning',
            ['kind'],
            `kind "${ctx.kind}" is not an OpenSLO v1 kind (SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, Service); not read, ignored`,
          ),
        );
    }
  }

  private readSlo(ctx: DocumentContext, object: Record<string, unknown>) {
    const pending = parseSloDocument(ctx, object, this.out.problems);
    if (pending && this.claimName(ctx, 'SLO', pending.name)) {
      this.pendingSlos.push(pending);
    }
  }

  /** Adds the SLOs read, with their indicators and alert policies resolved. */
  finish(): void {
    for (const entry of this.policyEntries.values()) {
      const resolved = resolvePolicy(
        entry.ctx,
        ['spec'],
        entry,
        this.conditions,
        this.out.problems,
      );
      this.resolvedPolicies.set(entry.name, resolved);
      if (resolved.conditions) {
        this.out.alertPolicies.push({
          name: entry.name,
          displayName: entry.displayName,
          description: entry.spec.description ?? null,
          alertWhenNoData: entry.spec.alertWhenNoData ?? false,
          alertWhenBreaching: entry.spec.alertWhenBreaching ?? true,
          alertWhenResolved: entry.spec.alertWhenResolved ?? false,
          conditions: entry.spec.conditions.map(
            (condition, i): SloAlertPolicyCondition => {
              const c = resolved.conditions![i];
              return {
                name: condition.metadata?.name ?? null,
                conditionRef: condition.conditionRef ?? null,
                severity: c.severity,
                burnRate: {
                  op: c.op,
                  threshold: c.threshold,
                  lookbackWindowSeconds: c.lookbackWindowSeconds,
                  alertAfterSeconds: c.alertAfterSeconds,
                },
              };
            },
          ),
          notificationTargets: notificationTargetNames(
            entry.spec.notificationTargets,
          ),
          origin: originOf(entry.ctx, this.source),
        });
      }
    }
    for (const pending of this.pendingSlos) {
      const problems: Problem[] = [];
      const definitions = sloDefinitions(pending, problems, {
        source: this.source,
        slis: this.slis,
        alertingOf: (ctx, items, found) =>
          alertingOf(ctx, items, found, {
            policies: this.resolvedPolicies,
            conditions: this.conditions,
          }),
      });
      this.out.problems.push(...problems);
      if (!problems.some(p => p.severity === 'error')) {
        this.out.slos.push(...definitions);
      }
    }
  }

  private claimName(ctx: DocumentContext, kind: string, name: string) {
    const names = this.seen.get(kind) ?? new Set<string>();
    this.seen.set(kind, names);
    if (names.has(name)) {
      this.out.problems.push(
        problem(
          ctx,
          'error',
          ['metadata', 'name'],
          `another ${kind} in this file is already named "${name}"; this one is ignored: rename one of them`,
        ),
      );
      return false;
    }
    names.add(name);
    return true;
  }
}
