import { parseAllDocuments, LineCounter } from 'yaml';
import {
  DocumentContext,
  ParsedDefinitions,
  dropNulls,
  problem,
} from './definitionsShared';
import { OPENSLO_API_VERSION, OpenSloReader } from './openslo';
import { SLOTH_CRD_API_VERSION, SLOTH_VERSION, readSlothSpec } from './sloth';
import {
  DefinitionProblem,
  SloDefinition,
  SloDefinitionsResult,
} from './types';

export { OPENSLO_API_VERSION } from './openslo';
export { SLOTH_VERSION, SLOTH_CRD_API_VERSION } from './sloth';

/**
 * Options of `parseSloDefinitions`.
 *
 * @public
 */
export interface ParseSloDefinitionsOptions {
  /**
   * The SLO period of Sloth SLOs, which do not carry one (Sloth takes it
   * from its `--default-slo-period`, 30 days by default): a fixed duration of
   * whole 5-minute buckets such as `30d` or `28d`. Default `30d`.
   */
  slothWindow?: string;
}

const V1ALPHA_HINT =
  'rewrite it as openslo/v1: spec.timeWindows becomes spec.timeWindow (one item, with duration such as 28d and isRolling or calendar), the objectives ratioMetrics become spec.indicator.spec.ratioMetric (good or bad, and total, each with metricSource.spec.query), and each objective keeps target';

/**
 * Reads SLO definitions from one YAML file: OpenSLO v1 objects
 * (`apiVersion: openslo/v1`, several documents allowed, or a YAML list of
 * objects), a Sloth file (`version: prometheus/v1`) or Sloth's Kubernetes
 * resource (`apiVersion: sloth.slok.dev/v1`, `kind: PrometheusServiceLevel`).
 *
 * Every object, and every Sloth SLO, is validated on its own: a bad one is
 * reported in `problems` (with the file, the document index, the item of a
 * list, kind and name when known, and the field path such as
 * `spec.objectives[0].target`, and what to write instead) and the others are
 * still read. An optional field written without a value (YAML null) is read
 * as absent. Windows, time slices and alert lookbacks must be whole numbers
 * of the 5-minute buckets the data is stored in. `indicatorRef`,
 * `alertPolicyRef` and `conditionRef` are resolved against the objects of
 * the same file. Two objects that yield the same SLO key are reported and the
 * later one is dropped. Never throws on bad input.
 *
 * @param yamlText - the file's content
 * @param source - the file's name or URL, repeated in every problem
 * @public
 */
export function parseSloDefinitions(
  yamlText: string,
  source: string,
  options: ParseSloDefinitionsOptions = {},
): SloDefinitionsResult {
  const out: ParsedDefinitions = {
    problems: [],
    slos: [],
    dataSources: [],
    alertPolicies: [],
  };
  const openSlo = new OpenSloReader(out, source);

  const lines = new LineCounter();
  const documents = parseAllDocuments(yamlText, {
    lineCounter: lines,
    prettyErrors: true,
  });

  const readObject = (ctx: DocumentContext, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.problems.push(
        problem(
          ctx,
          'error',
          [],
          ctx.itemIndex === null
            ? 'a document must be a mapping (an OpenSLO object or a Sloth file) or a list of OpenSLO objects'
            : 'an item of a list must be a mapping (an OpenSLO object)',
        ),
      );
      return;
    }
    const object = dropNulls(value) as Record<string, unknown>;
    const apiVersion = object.apiVersion;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    ctx.kind = typeof object.kind === 'string' ? object.kind : null;
    ctx.name =
      metadata && typeof metadata.name === 'string' ? metadata.name : null;

    if (object.version === SLOTH_VERSION && apiVersion === undefined) {
      ctx.kind = 'Sloth';
      ctx.name = null;
      readSlothSpec(ctx, object, out, source, {
        crd: false,
        slothWindow: options.slothWindow,
      });
      return;
    }
    if (typeof apiVersion !== 'string') {
      out.problems.push(
        problem(
          ctx,
          'warning',
          [],
          `neither an OpenSLO object (apiVersion: ${OPENSLO_API_VERSION}), a Sloth file (version: ${SLOTH_VERSION}) nor a Sloth PrometheusServiceLevel (apiVersion: ${SLOTH_CRD_API_VERSION}); ignored`,
        ),
      );
      return;
    }
    if (apiVersion === OPENSLO_API_VERSION) {
      openSlo.readObject(ctx, object);
      return;
    }
    if (apiVersion.startsWith('openslo/')) {
      out.problems.push(
        problem(
          ctx,
          'error',
          ['apiVersion'],
          apiVersion === 'openslo/v1alpha'
            ? `apiVersion "openslo/v1alpha" is not read (this plugin reads ${OPENSLO_API_VERSION}), so this ${
                ctx.kind ?? 'object'
              } is not imported: ${V1ALPHA_HINT}`
            : `apiVersion "${apiVersion}" is not read (this plugin reads ${OPENSLO_API_VERSION}), so this ${
                ctx.kind ?? 'object'
              } is not imported: write it as ${OPENSLO_API_VERSION}`,
        ),
      );
      return;
    }
    if (apiVersion.startsWith('sloth.slok.dev/')) {
      if (apiVersion !== SLOTH_CRD_API_VERSION) {
        out.problems.push(
          problem(
            ctx,
            'error',
            ['apiVersion'],
            `apiVersion "${apiVersion}" is not read (this plugin reads ${SLOTH_CRD_API_VERSION}): write apiVersion: ${SLOTH_CRD_API_VERSION}`,
          ),
        );
        return;
      }
      if (ctx.kind !== 'PrometheusServiceLevel') {
        out.problems.push(
          problem(
            ctx,
            'error',
            ['kind'],
            `kind "${ctx.kind}" of ${SLOTH_CRD_API_VERSION} is not read: write kind: PrometheusServiceLevel`,
          ),
        );
        return;
      }
      const spec = object.spec;
      if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
        out.problems.push(
          problem(
            ctx,
            'error',
            ['spec'],
            'spec is required: the Sloth spec (service, slos)',
          ),
        );
        return;
      }
      readSlothSpec(
        { ...ctx, prefix: [...ctx.prefix, 'spec'] },
        spec as Record<string, unknown>,
        out,
        source,
        { crd: true, slothWindow: options.slothWindow },
      );
      return;
    }
    out.problems.push(
      problem(
        ctx,
        'warning',
        ['apiVersion'],
        `apiVersion "${apiVersion}" is neither OpenSLO (${OPENSLO_API_VERSION}) nor Sloth (${SLOTH_CRD_API_VERSION}); ignored`,
      ),
    );
  };

  documents.forEach((doc, index) => {
    const ctx: DocumentContext = {
      index,
      doc,
      lines,
      kind: null,
      name: null,
      prefix: [],
      itemIndex: null,
    };
    const startLine = lines.linePos(doc.range[0]).line || null;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        out.problems.push({
          severity: 'error',
          documentIndex: index,
          line: error.linePos?.[0].line ?? startLine,
          kind: null,
          name: null,
          path: '',
          message: `invalid YAML: ${error.message.split('\n')[0]}`,
        });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      out.problems.push(
        problem(ctx, 'error', [], `invalid YAML: ${(e as Error).message}`),
      );
      return;
    }
    if (value === null || value === undefined) {
      return; // an empty document, e.g. after a trailing `---`
    }
    if (Array.isArray(value)) {
      // A list of objects, as `oslo` and other tools write them.
      value.forEach((item, i) =>
        readObject({ ...ctx, prefix: [i], itemIndex: i }, item),
      );
      return;
    }
    readObject(ctx, value);
  });
  // SLOs last, so that references may name objects further down the file.
  openSlo.finish();

  if (documents.length === 0) {
    out.problems.push({
      severity: 'warning',
      documentIndex: 0,
      line: null,
      kind: null,
      name: null,
      path: '',
      message: 'the file holds no YAML document',
    });
  }

  // In the order of the file (OpenSLO SLOs are added once all was read).
  const order = (o: (typeof out.slos)[number]['origin']) =>
    o.documentIndex * 1e6 + (o.itemIndex ?? 0);
  const ordered = out.slos
    .map((slo, i) => ({ slo, i }))
    .sort((a, b) => order(a.slo.origin) - order(b.slo.origin) || a.i - b.i)
    .map(({ slo }) => slo);
  // Every SLO key once in a file: samples and states are stored by key.
  const keys = new Map<string, (typeof out.slos)[number]>();
  const slos = ordered.filter(slo => {
    const first = keys.get(slo.key);
    if (!first) {
      keys.set(slo.key, slo);
      return true;
    }
    const where = (o: typeof slo.origin) =>
      `document ${o.documentIndex + 1}${
        o.itemIndex === undefined ? '' : `, item ${o.itemIndex + 1}`
      }`;
    out.problems.push({
      severity: 'error',
      documentIndex: slo.origin.documentIndex,
      ...(slo.origin.itemIndex === undefined
        ? {}
        : { itemIndex: slo.origin.itemIndex }),
      slo: slo.key,
      line: null,
      kind: slo.origin.format === 'sloth' ? 'Sloth' : 'SLO',
      name: slo.name,
      path: slo.origin.namePath ?? 'metadata.name',
      message: `the SLO key "${slo.key}" is already used by the SLO of ${where(
        first.origin,
      )}; this one is ignored: rename one of them (a Sloth SLO's key is <service>-<name>, an OpenSLO SLO's key is its metadata.name, with :<index> per objective)`,
    });
    return false;
  });

  return {
    slos,
    dataSources: out.dataSources,
    alertPolicies: out.alertPolicies,
    problems: out.problems.map(p => ({ source, ...p })),
  };
}

/**
 * The problems that belong to one SLO: those that name it (`slo`, its own
 * key or its composite's), else those of its document (and list item).
 *
 * @public
 */
export function problemsOfSlo(
  definition: Pick<SloDefinition, 'key' | 'origin' | 'compositeOf'>,
  problems: readonly DefinitionProblem[],
): DefinitionProblem[] {
  return problems.filter(p => {
    if (p.slo !== undefined) {
      return p.slo === definition.key || p.slo === definition.compositeOf?.key;
    }
    return (
      p.documentIndex === definition.origin.documentIndex &&
      (p.itemIndex ?? null) === (definition.origin.itemIndex ?? null)
    );
  });
}
