/**
 * The records a preview found that apply would create, by object. Apply
 * creates a referenced object's records before the phases that link to them.
 * A preview creates nothing, so it hands out negative stand-in ids: a link
 * to a record of this run then resolves as it would in apply instead of
 * being rejected as missing. Odoo ids are positive, so the two never mix.
 */
export class PlannedRecords {
  private readonly ids = new Map<string, Map<string, number>>();
  private readonly names = new Map<number, { model: string; name: string }>();
  private next = -1;

  add(object: string, model: string, externalId: string, name: string): number {
    const ofObject = this.ids.get(object) ?? new Map<string, number>();
    this.ids.set(object, ofObject);
    const known = ofObject.get(externalId);
    if (known !== undefined) return known;

    const id = this.next;
    this.next -= 1;
    ofObject.set(externalId, id);
    this.names.set(id, { model, name });
    return id;
  }

  /** Returns the stand-in ids of the named records of `object` that apply would create; the others are looked up in Odoo. */
  find(object: string, externalIds: readonly string[]): Map<string, number> {
    const found = new Map<string, number>();
    const ofObject = this.ids.get(object);
    if (!ofObject) return found;
    for (const name of externalIds) {
      const id = ofObject.get(name);
      if (id !== undefined) found.set(name, id);
    }
    return found;
  }

  /** Returns the model and name of the record behind a stand-in id, for samples. */
  describe(id: number): { model: string; name: string } | undefined {
    return this.names.get(id);
  }
}

export function isStandInId(id: unknown): id is number {
  return typeof id === 'number' && id < 0;
}
