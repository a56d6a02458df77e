/**
 * The Jupyter messaging protocol's wire format (https://jupyter-client.readthedocs.io/en/stable/messaging.html):
 *
 *   [identities..., '<IDS|MSG>', signature, header, parent_header, metadata, content, buffers...]
 *
 * where `signature` is the hex HMAC-SHA256 of the four JSON frames with the connection key.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { HepmlError } from '../../lib/errors';

export const DELIMITER = '<IDS|MSG>';
export const PROTOCOL_VERSION = '5.3';

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** One decoded message. `parent_header` is `{}` for messages that answer nothing. */
export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** Hex HMAC-SHA256 of the four JSON frames; `''` when the key is empty (signing disabled). */
export function sign(key: string, frames: (string | Buffer)[]): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const f of frames) hmac.update(f);
  return hmac.digest('hex');
}

/** A new message header for `msgType` in `session`. */
export function makeHeader(msgType: string, session: string): MessageHeader {
  return { msg_id: randomUUID(), msg_type: msgType, session, username: 'hepml', date: new Date().toISOString(), version: PROTOCOL_VERSION };
}

/** Serializes a message into signed frames. */
export function encode(key: string, msg: Pick<Message, 'header' | 'parent_header' | 'metadata' | 'content'> & { identities?: Buffer[]; buffers?: Buffer[] }): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => Buffer.from(JSON.stringify(x), 'utf8'));
  return [...(msg.identities ?? []), Buffer.from(DELIMITER), Buffer.from(sign(key, parts)), ...parts, ...(msg.buffers ?? [])];
}

/**
 * Parses and verifies signed frames. Throws a HepmlError when the delimiter is missing, the signature
 * does not match, or a frame is not JSON.
 */
export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6) throw new HepmlError(`kernel message: expected '${DELIMITER}' followed by 5 frames, found ${frames.length} frames.`);
  const signature = frames[at + 1];
  const parts = frames.slice(at + 2, at + 6);
  if (key) {
    const expectedSig = Buffer.from(sign(key, parts));
    if (signature.length !== expectedSig.length || !timingSafeEqual(signature, expectedSig)) {
      throw new HepmlError('kernel message: expected a valid HMAC-SHA256 signature, found a mismatch. The message was rejected.');
    }
  }
  const [header, parent, metadata, content] = parts.map((p, i) => {
    try {
      return JSON.parse(p.toString('utf8')) as unknown;
    } catch {
      throw new HepmlError(`kernel message: expected JSON in frame ${i + 2} after the delimiter, found ${JSON.stringify(p.toString('utf8').slice(0, 40))}.`);
    }
  });
  return {
    identities: frames.slice(0, at),
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  };
}
