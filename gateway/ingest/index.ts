/** The public face of gateway/ingest/: other folders import from here. It only re-exports. */
export { BatchIngest, type BatchRefusal } from './batch.ts';
export { type IngestObserver, IngestPipeline, type IngestResult, type Rejection } from './pipeline.ts';
export { ProcessReader, type VisibleProcess } from './process-reader.ts';
export { projectionPath } from './projection-path.ts';
export { PROJECTOR_GROUP, Projector } from './projector.ts';
export { ReceiptSigner, verifyReceipt } from './receipts.ts';
export { rejectionPublisher } from './rejections.ts';
export { OwnershipTransfers } from './transfers.ts';
