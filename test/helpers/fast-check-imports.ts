// Where a test file loads fast-check at run time, for the check that only test/helpers/fast-check.ts
// does (fast-check.test.ts). A type taken from it costs nothing: `import type`, `import { type A }`
// with every name a type, `export type … from` and `import('fast-check').A` in a type are erased
// when a test file is compiled (TypeScript's import elision; the project sets no
// verbatimModuleSyntax, which would keep `import { type A }` as `import 'fast-check'`).
import ts from 'typescript';

const MODULE = 'fast-check';

/** Whether `node` names fast-check as its module (a string literal `'fast-check'`). */
const isFastCheck = (node: ts.Node | undefined): boolean => node !== undefined && ts.isStringLiteralLike(node) && node.text === MODULE;

/** Every name of `{ … }` given, each a type (`{ type A, type B }`); false for `{}`, which loads the module. */
const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean => elements.length > 0 && elements.every((e) => e.isTypeOnly);

/**
 * The lines (1-based) of `source` (a test file's text; `fileName` says TypeScript or JavaScript by
 * its extension) that load fast-check when the file runs: an import or re-export of a value
 * (`import fc from`, `import * as`, `import { a, type B }`, `import 'fast-check'`, `export * from`),
 * `import fc = require(…)`, and a call `import('fast-check')` or `require('fast-check')`. Empty
 * when it takes types alone, or nothing.
 */
export function fastCheckLoads(source: string, fileName = 'file.ts'): number[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const loads = (node: ts.Node) => lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isFastCheck(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typesOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && allTypes(clause.namedBindings.elements)));
      if (!typesOnly) loads(node);
    } else if (ts.isExportDeclaration(node) && isFastCheck(node.moduleSpecifier)) {
      const clause = node.exportClause;
      if (!(node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && allTypes(clause.elements)))) loads(node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && isFastCheck(node.moduleReference.expression)) {
      if (!node.isTypeOnly) loads(node);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) && isFastCheck(node.arguments[0])) {
      loads(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}
