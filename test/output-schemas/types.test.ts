// The schemas against the TypeScript that builds each document: every object the schema lists the
// properties of has exactly those properties in the type the code writes it from, each required
// where the code always writes it and optional where it may leave it out. The end-to-end tests
// check the documents a run prints; this checks the fields no run of theirs reaches (a Foundry
// agent's `version`, a plan's `locked_by`, an apply's `existed`), so a field added to the code and
// not to its schema, or renamed in one of them, fails without a run that prints it.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { outputSchemas, requiredNow, requiredSinceAt, type DocumentName, type Schema } from './schemas.js';

const SRC = new URL('../../src/', import.meta.url);

/** Where each document is built: a file of src/, and the interface, or the function whose `const doc` (or returned object) it is. */
const BUILT_BY: Record<DocumentName, { file: string; interface?: string; function?: string }> = {
  plan: { file: 'plan/plan-file.ts', interface: 'PlanDocument' },
  'apply-report': { file: 'render/apply-report.ts', function: 'applyJson' },
  diagnostics: { file: 'render/diagnostics.ts', function: 'diagnosticsJson' },
  'import-report': { file: 'render/import-report.ts', function: 'renderImportJson' },
  'migrate-report': { file: 'commands/migrate-report.ts', function: 'migrateJson' },
  environments: { file: 'commands/environments.ts', function: 'run' },
};

const files = Object.values(BUILT_BY).map((b) => fileURLToPath(new URL(b.file, SRC)));
const program = ts.createProgram(files, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

/** The declaration `test` finds first in `node`'s tree. */
function find<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T | undefined {
  if (test(node)) return node;
  return ts.forEachChild(node, (child) => find(child, test));
}

/** The type the document is built as: the interface, or the function's `const doc` or returned object literal. */
function documentType(name: DocumentName): ts.Type {
  const where = BUILT_BY[name];
  const source = program.getSourceFile(fileURLToPath(new URL(where.file, SRC)))!;
  if (where.interface) return checker.getTypeAtLocation(find(source, (n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === where.interface)!.name);
  const fn = find(source, (n): n is ts.FunctionDeclaration | ts.MethodDeclaration => (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name?.getText(source) === where.function)!;
  const doc = find(fn, (n): n is ts.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText(source) === 'doc');
  if (doc) return checker.getTypeAtLocation(doc.name);
  const returned = find(fn, (n): n is ts.ReturnStatement => ts.isReturnStatement(n) && n.expression !== undefined && ts.isObjectLiteralExpression(n.expression))!;
  return checker.getTypeAtLocation(returned.expression!);
}

/** `$ref: '#/$defs/x'` followed within `root`; each `anyOf` branch that is not `null`. */
function branches(schema: Schema, root: Schema): Schema[] {
  if (typeof schema.$ref === 'string') return branches((root.$defs as Record<string, Schema>)[schema.$ref.replace('#/$defs/', '')]!, root);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).flatMap((s) => branches(s, root)).filter((s) => s.type !== 'null');
  return [schema];
}

/** The type without null and undefined. */
const present = (type: ts.Type): ts.Type => checker.getNonNullableType(type);

/**
 * The properties of an object type; of a union of them (an RFC 6902 operation: add, remove,
 * replace), every member's, optional unless each member has it and none leaves it optional.
 */
function propertiesOf(type: ts.Type): Array<{ name: string; optional: boolean; type: ts.Type }> {
  const members = type.isUnion() ? type.types : [type];
  const byName = new Map<string, { name: string; optional: boolean; types: ts.Type[]; in: number }>();
  for (const member of members) {
    for (const p of checker.getPropertiesOfType(member)) {
      const seen = byName.get(p.name) ?? { name: p.name, optional: false, types: [], in: 0 };
      seen.optional ||= (p.flags & ts.SymbolFlags.Optional) !== 0;
      seen.types.push(checker.getTypeOfSymbol(p));
      seen.in++;
      byName.set(p.name, seen);
    }
  }
  return [...byName.values()].map((p) => ({ name: p.name, optional: p.optional || p.in < members.length, type: p.types[0]! }));
}

/**
 * Every way the type and the schema disagree on a property, as `path: what`; `at` is the schema's
 * place as property names from the top while no array intervenes (where the root's `allOf` may
 * require a field from the format that added it on: requiredSinceAt), else undefined.
 */
function differences(type: ts.Type, schema: Schema, root: Schema, path: string, at: string[] | undefined = []): string[] {
  const out: string[] = [];
  for (const s of branches(schema, root)) {
    const t = present(type);
    if (s.items && typeof s.items === 'object') {
      const element = checker.isArrayType(t) || checker.isTupleType(t) ? checker.getTypeArguments(t as ts.TypeReference)[0] : undefined;
      if (!element) out.push(`${path}: the schema has an array, the code ${checker.typeToString(t)}`);
      else out.push(...differences(element, s.items as Schema, root, `${path}[]`, undefined));
      continue;
    }
    if (!s.properties) continue;
    const props = propertiesOf(t);
    const listed = s.properties as Record<string, Schema>;
    const required = requiredNow(s, at ? requiredSinceAt(root, at) : []);
    for (const p of props) {
      if (!(p.name in listed)) out.push(`${path}.${p.name}: written by the code, not in the schema`);
    }
    for (const [name, sub] of Object.entries(listed)) {
      const p = props.find((q) => q.name === name);
      if (!p) {
        out.push(`${path}.${name}: in the schema, not written by the code`);
        continue;
      }
      if (p.optional === required.has(name)) out.push(`${path}.${name}: ${p.optional ? 'optional in the code, required in the schema' : 'always written by the code, not required in the schema'}`);
      out.push(...differences(p.type, sub, root, `${path}.${name}`, at && [...at, name]));
    }
  }
  return out;
}

/**
 * Where the type is wider than any document: fast-json-patch's Operation includes `move` and
 * `copy` (with `from`), which a plan's patch never holds (jsonpatch.compare makes add, remove and
 * replace only, and a saved plan holding another is refused: plan-file.ts PATCH_OPS).
 */
const WIDER_THAN_WRITTEN = new Set(['plan.resource_changes[].patch[].from: written by the code, not in the schema']);

describe('the schemas and the code that writes the documents', () => {
  const schemas = outputSchemas();
  for (const name of Object.keys(BUILT_BY) as DocumentName[]) {
    it(`${name}: the same fields, required alike`, () => {
      expect(differences(documentType(name), schemas[name]!, schemas[name]!, name).filter((d) => !WIDER_THAN_WRITTEN.has(d))).toEqual([]);
    });
  }
});
