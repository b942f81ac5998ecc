import { parseAllDocuments, LineCounter } from 'yaml';
import {
  DocumentContext,
  ParsedDefinitions,
  problem,
} from './definitionsShared';
import { OPENSLO_API_VERSION, OpenSloReader } from './openslo';
import { SLOTH_VERSION, readSlothFile } from './sloth';
import { SloDefinitionsResult } from './types';

export { OPENSLO_API_VERSION } from './openslo';
export { SLOTH_VERSION } from './sloth';

/**
 * Options of `parseSloDefinitions`.
 *
 * @public
 */
export interface ParseSloDefinitionsOptions {
  /**
   * Window of Sloth SLOs, which do not carry one (Sloth's own default is
   * 30 days): a fixed duration such as `30d` or `28d`. Default `30d`.
   */
  slothWindow?: string;
}

/**
 * Reads SLO definitions from one YAML file: either OpenSLO v1 objects
 * (`apiVersion: openslo/v1`, several documents allowed; kinds SLO, SLI,
 * DataSource and AlertPolicy are read, other kinds are ignored with a warning)
 * or a Sloth file (`version: prometheus/v1`).
 *
 * Every document, and every Sloth SLO, is validated on its own: a bad one is
 * reported in `problems` (with the file, the document index, kind and name
 * when known, and the field path such as `spec.objectives[0].target`) and the
 * others are still read. `indicatorRef` is resolved against the SLI objects of
 * the same file. Indicators other than good/bad-over-total ratios are kept with
 * an `unsupported` indicator and a warning. Never throws on bad input.
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

  documents.forEach((doc, index) => {
    const ctx: DocumentContext = { index, doc, lines, kind: null, name: null };
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
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.problems.push(
        problem(ctx, 'error', [], 'a document must be a mapping'),
      );
      return;
    }
    const object = value as Record<string, unknown>;
    if (object.version === SLOTH_VERSION && object.apiVersion === undefined) {
      ctx.kind = 'Sloth';
      readSlothFile(ctx, object, out, source, options.slothWindow);
      return;
    }
    if (typeof object.apiVersion !== 'string') {
      out.problems.push(
        problem(
          ctx,
          'warning',
          [],
          `neither an OpenSLO object (apiVersion: ${OPENSLO_API_VERSION}) nor a Sloth file (version: ${SLOTH_VERSION}); ignored`,
        ),
      );
      return;
    }
    openSlo.readDocument(ctx, object as typeof object & { apiVersion: string });
  });
  // SLOs last, so that an indicatorRef may name an SLI further down the file.
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

  return {
    slos: out.slos,
    dataSources: out.dataSources,
    alertPolicies: out.alertPolicies,
    problems: out.problems.map(p => ({ source, ...p })),
  };
}
