// Values that keep a Python type which plain JavaScript values lose on the way
// through XML-RPC.

/**
 * A Python float in a response. Odoo marshals floats as `<double>` even when
 * they are whole (`0.0`), while a bare JavaScript number would become `<int>`.
 */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/**
 * A `<dateTime.iso8601>` request value. Odoo 16 parses requests without
 * `use_datetime`, so the ORM receives an `xmlrpc.client.DateTime` object, which
 * date and datetime fields cannot convert.
 */
export class XmlRpcDateTime {
  constructor(readonly value: Date) {}
}

/** A `<base64>` request value, which Odoo 16 receives as `xmlrpc.client.Binary`. */
export class XmlRpcBinary {
  constructor(readonly data: Buffer) {}
}
