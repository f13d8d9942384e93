import type { ObjectDeclaration, SpecFile } from '../grammar/ast.js';
import type { SpecComment } from '../grammar/parse-spec.js';
import { memberOrder } from './print-members.js';

/** A comment on a line of its own, and whether a blank line came before it. */
export interface CommentLine {
  readonly text: string;
  readonly blankBefore: boolean;
}

/** The comments that travel with one printed line of code. */
export interface PlacedComments {
  /** Comment lines printed above the code. */
  readonly leading: readonly CommentLine[];
  /** Whether a blank line came before the code itself (after its leading comments). */
  readonly blankBefore: boolean;
  /** A comment printed at the end of the code's last line. */
  readonly trailing: string | undefined;
}

/** The place of each comment of a file when the file is printed again. */
export interface CommentPlacement {
  /**
   * Returns the comments of the line printed for `node`: an import, a member
   * of an object, a value map entry, or a stand-in for a header line. The
   * stand-ins are an object's `name` (the `object` line), `table` (the `from`
   * line) and `model` (the `to` line), a value map's `name` (its first line),
   * and the value map itself (its closing brace).
   */
  at(node: object): PlacedComments;
  /** Indented comments after an object's last member. */
  objectEnd(object: ObjectDeclaration): readonly CommentLine[];
  /** Comments after everything else. */
  readonly fileEnd: readonly CommentLine[];
}

interface Anchor {
  readonly node: object;
  readonly start: number;
  readonly end: number;
  /** The object whose header or member this line is. */
  readonly object: ObjectDeclaration | undefined;
  readonly leading: CommentLine[];
  trailing: string | undefined;
}

const noComments: PlacedComments = { leading: [], blankBefore: false, trailing: undefined };

/**
 * Assigns each comment to a printed line. A comment after code on the same
 * line stays at the end of that code's line. A comment alone on its line goes
 * above the next line of code, except an indented one after an object's last
 * member, which stays at the end of that object. A comment inside a
 * construct that the formatter prints on one line moves above it.
 */
export function placeComments(spec: SpecFile, comments: readonly SpecComment[], text: string): CommentPlacement {
  const source = new SourceLines(text);
  const anchors = collectAnchors(spec, comments, source);
  const objectEnds = new Map<ObjectDeclaration, CommentLine[]>();
  const fileEnd: CommentLine[] = [];

  for (const comment of comments) {
    const start = comment.span.startOffset;
    const line: CommentLine = { text: comment.text.trimEnd(), blankBefore: source.blankLineBefore(start) };
    const before = lastAnchorBefore(anchors, start);

    if (before && start < before.end) {
      before.leading.push({ text: line.text, blankBefore: false });
      continue;
    }
    if (before && source.hasCodeBefore(start)) {
      if (before.trailing === undefined) before.trailing = line.text;
      else before.leading.push(line);
      continue;
    }

    const after = anchors.find((anchor) => anchor.start > start);
    if (before?.object && after?.object !== before.object && comment.span.startColumn > 1) {
      const list = objectEnds.get(before.object) ?? [];
      list.push(line);
      objectEnds.set(before.object, list);
    } else if (after) {
      after.leading.push(line);
    } else {
      fileEnd.push(line);
    }
  }

  const byNode = new Map(anchors.map((anchor) => [anchor.node, anchor]));
  return {
    at(node) {
      const anchor = byNode.get(node);
      if (!anchor) return noComments;
      return { leading: anchor.leading, blankBefore: source.blankLineBefore(anchor.start), trailing: anchor.trailing };
    },
    objectEnd: (object) => objectEnds.get(object) ?? [],
    fileEnd,
  };
}

/** Lists the source range of every printed line, in source order. */
function collectAnchors(spec: SpecFile, comments: readonly SpecComment[], source: SourceLines): Anchor[] {
  const anchors: Anchor[] = [];
  const add = (node: object, start: number, end: number, object?: ObjectDeclaration) => {
    anchors.push({ node, start, end, object, leading: [], trailing: undefined });
  };

  for (const declaration of spec.imports) add(declaration, declaration.span.startOffset, declaration.span.endOffset);
  for (const declaration of spec.declarations) {
    if (declaration.kind === 'object') {
      const lastKey = declaration.key[declaration.key.length - 1]!;
      const fromKeyword = source.nextCodeOffset(declaration.name.span.endOffset, comments);
      const toKeyword = source.nextCodeOffset(lastKey.span.endOffset, comments);
      add(declaration.name, declaration.span.startOffset, declaration.name.span.endOffset, declaration);
      add(declaration.table, fromKeyword, lastKey.span.endOffset, declaration);
      add(declaration.model, toKeyword, declaration.model.span.endOffset, declaration);
      for (const list of memberOrder) {
        for (const member of declaration[list]) add(member, member.span.startOffset, member.span.endOffset, declaration);
      }
    } else {
      const header = declaration.targetModel ?? declaration.name;
      add(declaration.name, declaration.span.startOffset, header.span.endOffset);
      for (const entry of declaration.entries) add(entry, entry.span.startOffset, entry.span.endOffset);
      add(declaration, declaration.span.endOffset - 1, declaration.span.endOffset);
    }
  }
  return anchors.sort((a, b) => a.start - b.start);
}

function lastAnchorBefore(anchors: readonly Anchor[], offset: number): Anchor | undefined {
  let found: Anchor | undefined;
  for (const anchor of anchors) {
    if (anchor.start >= offset) break;
    found = anchor;
  }
  return found;
}

/** Line arithmetic over a file's text. */
class SourceLines {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = 0; index < text.length; index++) if (text[index] === '\n') this.lineStarts.push(index + 1);
  }

  /** Returns the 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  hasCodeBefore(offset: number): boolean {
    const lineStart = this.lineStarts[this.lineOf(offset)]!;
    return this.text.slice(lineStart, offset).trim() !== '';
  }

  /** Checks whether the token at `offset` starts its line and the line above it is empty. */
  blankLineBefore(offset: number): boolean {
    const line = this.lineOf(offset);
    if (line === 0 || this.hasCodeBefore(offset)) return false;
    const previousStart = this.lineStarts[line - 1]!;
    return this.text.slice(previousStart, this.lineStarts[line]!).trim() === '';
  }

  /** Finds the offset of the first token at or after `offset`, skipping white space and comments. */
  nextCodeOffset(offset: number, comments: readonly SpecComment[]): number {
    let position = offset;
    for (;;) {
      while (position < this.text.length && /\s/.test(this.text[position]!)) position++;
      const comment = comments.find((candidate) => candidate.span.startOffset === position);
      if (!comment) return position;
      position = comment.span.endOffset;
    }
  }
}
