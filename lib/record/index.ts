export { record, recorded, clearRecorded, recordTable, type RecordValue, type Recorded } from './record';
