import type { PGlite } from '@electric-sql/pglite';

// Message types of the PostgreSQL frontend protocol that end a request: Sync closes an
// extended-protocol batch (Parse/Bind/Describe/Execute…), Query is a whole simple query.
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/**
 * pglite-socket serves every connection from one PGlite session and hands that session to the
 * connection that holds a transaction open, but between transactions it interleaves messages
 * message by message. Two clients sending Parse/Bind/Execute at once then destroy each other's
 * unnamed statement and portal ("unnamed prepared statement does not exist"). Reporting a batch
 * in flight as a transaction makes the server's queue finish one client's batch, up to its Sync,
 * before it takes the next client's.
 */
export function pinSessionUntilSync(db: PGlite): void {
  let batchOpen = false;
  const inTransaction = db.isInTransaction.bind(db);
  const execProtocolRawStream = db.execProtocolRawStream.bind(db);
  const exec = db.exec.bind(db);

  db.isInTransaction = () => batchOpen || inTransaction();
  db.execProtocolRawStream = async (message, options) => {
    const type = message[0];
    try {
      return await execProtocolRawStream(message, options);
    } finally {
      batchOpen = !(type === SYNC || type === QUERY || type === TERMINATE) && message.length > 0 && !isStartup(message);
    }
  };
  // The server rolls back with exec() when a connection drops mid-transaction; its batch ends too.
  db.exec = async (query, options) => {
    if (query.trim().toUpperCase() === 'ROLLBACK') batchOpen = false;
    return exec(query, options);
  };
}

/** The startup packet has no type byte: a length, then the protocol version 3.0. */
function isStartup(message: Uint8Array): boolean {
  return message.length >= 8 && message[4] === 0 && message[5] === 3 && message[6] === 0 && message[7] === 0;
}
