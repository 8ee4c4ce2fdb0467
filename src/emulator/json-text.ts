// A response body the emulator has already serialized. A list page is assembled from each stored
// item's JSON, encoded once when the item was stored: cloning, stringifying and encoding a hundred
// items (~380 KB at the benchmark's sizes) for every page made the emulator, not the client, the
// larger part of each round trip of a 10,000-item listing.

/**
 * A body sent as these pieces of UTF-8 JSON, one after the other. A page is sent as its pieces,
 * never joined: joining a page of 100 assistants (~560 KB) into one buffer cost the emulator
 * 1–1.5 ms of every round trip on a machine slow to map fresh memory, which the benchmark counted
 * against the client.
 */
export class JsonText {
  constructor(readonly pieces: readonly Buffer[]) {}

  /** The pieces joined, as text: for the checks of a response against its schema, not for sending. */
  get text(): string {
    return Buffer.concat(this.pieces).toString('utf8');
  }
}

/** A page as a store hands it out: its items' ids and their encoded JSON (itemBytes), in page order. */
export interface EncodedPage {
  ids: string[];
  texts: Buffer[];
  hasMore: boolean;
}

/** One item's JSON text, encoded to be a piece of pages (`pageText`). */
export function itemBytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * A list page's body: `fields` in their order, `data` written as the array of `items`, each the
 * encoded JSON of one item (itemBytes); the other fields (ids, `has_more`, `object`) stringified
 * here, an undefined one left out as JSON.stringify leaves it out of an object.
 */
export function pageText(fields: { data: readonly Buffer[] } & Record<string, unknown>): JsonText {
  const pieces: Buffer[] = [];
  // The text not yet pushed: everything but the items is written as text.
  let head = '{';
  let first = true;
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const key = `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    if (k !== 'data') {
      head += `${key}${JSON.stringify(v)}`;
      continue;
    }
    pieces.push(Buffer.from(`${head}${key}[`));
    (v as Buffer[]).forEach((item, i) => {
      if (i > 0) pieces.push(COMMA);
      pieces.push(item);
    });
    head = ']';
  }
  pieces.push(Buffer.from(`${head}}`));
  return new JsonText(pieces);
}

const COMMA = Buffer.from(',');

/** What a client reads from `body`: the parsed JSON of a JsonText, or the body itself. */
export function bodyValue(body: unknown): unknown {
  return body instanceof JsonText ? JSON.parse(body.text) : body;
}
