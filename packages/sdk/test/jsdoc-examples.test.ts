import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const hasExample = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
const nameOf = (node: ts.Node) => (node as { name?: ts.Node }).name?.getText() ?? '?';

/** Exported declarations (and the public methods of exported classes) that lack an `@example`. */
function missingExamples(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  for (const statement of source.statements) {
    if (!isExported(statement)) continue;
    const target = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]! : statement;
    if (!hasExample(statement)) missing.push(nameOf(target));
    if (!ts.isClassDeclaration(statement)) continue;
    for (const member of statement.members) {
      const isPrivate = ((ts.canHaveModifiers(member) && ts.getModifiers(member)) || []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
      if (ts.isMethodDeclaration(member) && !isPrivate && !hasExample(member)) missing.push(`${nameOf(statement)}.${nameOf(member)}`);
    }
  }
  return missing.map((name) => `${path.relative(SRC, file)}: ${name}`);
}

describe('SDK documentation', () => {
  it('has a JSDoc @example on every exported declaration and public method', () => {
    expect(sourceFiles(SRC).flatMap(missingExamples)).toEqual([]);
  });
});
