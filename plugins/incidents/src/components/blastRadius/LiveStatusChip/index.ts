export { LiveStatusChip, LIVE_STATUS_LABELS } from './LiveStatusChip';
