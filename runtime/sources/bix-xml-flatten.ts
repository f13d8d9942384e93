import type { SourceRecord, SourceValue } from './source.js';

/** One element inside a Pega instance, as read from a BIX XML file. */
export interface PropertyElement {
  readonly name: string;
  /** Line of the start tag, for error messages. */
  readonly line: number;
  /** `xsi:nil="true"` was given. */
  readonly nil: boolean;
  /** `REPEATINGINDEX` attribute of a `rowdata` element, as Pega's clipboard XML writes list entries. */
  readonly repeatingIndex?: string;
  readonly children: PropertyElement[];
  text: string;
}

/**
 * Flattens the property elements of one instance into a record keyed by
 * Pega property reference: an embedded page becomes `Page.Prop`, a page list
 * `Page(1).Prop`, `Page(2).Prop`, and a value list `Phones(1)`, `Phones(2)`.
 *
 * A list is recognised by its element name repeating, or by `rowdata`
 * entries with a `REPEATINGINDEX`.
 */
export function flattenInstance(properties: readonly PropertyElement[]): SourceRecord {
  const record: Record<string, SourceValue> = {};
  addProperties(record, '', properties);
  return record;
}

function addProperties(record: Record<string, SourceValue>, prefix: string, elements: readonly PropertyElement[]): void {
  const occurrences = new Map<string, number>();
  for (const element of elements) {
    occurrences.set(element.name, (occurrences.get(element.name) ?? 0) + 1);
  }

  const positions = new Map<string, number>();
  for (const element of elements) {
    let reference = prefix + element.name;
    if (occurrences.get(element.name)! > 1) {
      const position = (positions.get(element.name) ?? 0) + 1;
      positions.set(element.name, position);
      reference += `(${position})`;
    }

    if (isRowdataList(element)) {
      for (const entry of element.children) {
        addProperty(record, `${reference}(${entry.repeatingIndex})`, entry);
      }
    } else {
      addProperty(record, reference, element);
    }
  }
}

function addProperty(record: Record<string, SourceValue>, reference: string, element: PropertyElement): void {
  if (element.children.length > 0) {
    addProperties(record, `${reference}.`, element.children);
    return;
  }
  record[reference] = element.nil || element.text === '' ? null : element.text;
}

// NOTE: a page list with a single entry written as one plain element (no
// rowdata, no repetition) looks exactly like an embedded page, and without the
// class definition it flattens to `Page.Prop`.
function isRowdataList(element: PropertyElement): boolean {
  return (
    element.children.length > 0 &&
    element.children.every((child) => child.name === 'rowdata' && child.repeatingIndex !== undefined)
  );
}
