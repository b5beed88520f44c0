/** The messages between SqliteOrderWriter and its thread (orderWriterThread.ts). */

/**
 * Statements the writer runs in its own transactions to keep an index of the orders in arrears:
 * the watermark (`upto`), the orders after it up to a number (`fill`, with the two numbers as its
 * parameters), the new watermark (`set`). The sales desk's search table is the one user
 * (server/sales: SQLITE_SEARCH_INDEX); the writer knows nothing else of it.
 */
export interface ArrearsIndex {
  upto: string;
  fill: string;
  set: string;
}

/** What SqliteOrderWriter starts this thread with. */
export interface WriterData {
  file: string;
  walAutocheckpoint: number;
  insertSql: string;
  arrears: ArrearsIndex | undefined;
  keyIndex: number;
  idIndex: number;
}

/** A batch: the orders as rows in the writer's column order (the number is appended here), their snapshots. */
export interface WriterBatch {
  id: number;
  rows: unknown[][];
  snapshots: (Uint8Array | null)[];
}

export interface WriterReply {
  id?: number;
  /** Something went wrong that no batch waits for (the index in arrears): logged. */
  warning?: string;
  numbers?: (number | null)[];
  error?: { message: string; code?: string };
}
