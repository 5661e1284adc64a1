/**
 * The documented shapes of the answers the probe reads, by resource (./spec.ts: how a shape is
 * written, and the objects several resources share).
 */
export * from './spec';
export * from './sessions';
export * from './messages';
export * from './outbound';
export * from './market';
export * from './classifications';
